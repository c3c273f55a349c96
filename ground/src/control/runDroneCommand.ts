import type { CommandOutcome, DroneCommand } from '@dronecast/protocol';
import type { DroneConnection } from './DroneConnection.ts';

/** Carries out one command on the current drone link; every path ends in an outcome, never a throw. */
export async function runDroneCommand(drone: DroneConnection, command: DroneCommand): Promise<CommandOutcome> {
  if (command.type === 'connect') return drone.connect(command.connection);
  if (command.type === 'disconnect') return drone.disconnect();
  const link = drone.link;
  if (!link) return { ok: false, reason: 'link-down', message: 'the ground station is not connected to a drone; connect first' };
  switch (command.type) {
    case 'arm':
      return link.arm();
    case 'disarm':
      return link.disarm();
    case 'setMode':
      return link.setMode(command.mode);
    case 'takeoff':
      return link.takeoff(command.altitude);
    case 'go':
      return link.go(command.direction);
    case 'stick':
      return link.stick({ forward: command.forward, right: command.right, up: command.up, yaw: command.yaw });
    case 'setSpeed':
      return link.setSpeed(command.metersPerSecond);
    case 'heading':
      return link.changeHeading(command.degrees);
    case 'goto':
      return link.goto(command.lat, command.lon, command.alt);
    case 'land':
      return link.land();
    case 'rtl':
      return link.rtl();
  }
}
