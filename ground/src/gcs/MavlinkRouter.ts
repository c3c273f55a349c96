import type { MavLinkData } from 'node-mavlink';
import type { Logger } from '@dronecast/protocol';
import type { Target } from '../drone/gcsMessages.ts';
import type { VehicleRouter } from '../drone/MavlinkDroneLinkOptions.ts';
import { MavlinkEncoder } from '../drone/mavlink/MavlinkEncoder.ts';
import type { MavlinkFrame, MavlinkMessage } from '../drone/mavlink/MavlinkFrame.ts';
import { targetOf } from '../drone/mavlink/messageTarget.ts';
import type { VehicleChannel } from '../drone/VehicleChannel.ts';
import type { GroundStation } from './GroundStation.ts';
import type { GroundStations } from './GroundStations.ts';

/** A MAVLink component the agent runs on the vehicle's system (the camera), there for the ground stations only. */
export interface LocalComponent {
  readonly componentId: number;
  /** A message a ground station addressed to this component. */
  receive(message: MavlinkMessage, from: GroundStation): void;
}

/** How a local component speaks: from the vehicle's system, to the ground stations (never to the vehicle). */
export interface ComponentPort {
  /** The vehicle's system id, which the component takes as its own; undefined while no vehicle is heard. */
  readonly system: number | undefined;
  /** MAVLink 2, to the station it is addressed to or to every station; false when there is no vehicle to speak for. */
  send(message: MavLinkData): boolean;
}

/**
 * The ground agent as a MAVLink router between the vehicle and the ground stations beside it
 * (mavlink.io, "Routing"). Frames pass exactly as they came, never re-encoded:
 * - from the vehicle, to every station, except that a message addressed to a system or component
 *   goes only to the stations it was heard from, and the answers to the agent's own commands to none;
 * - from a station, to the vehicle, except messages for a component the agent runs itself (the
 *   camera), which that component answers; never to the other stations.
 * The agent's own messages go to the vehicle alone, so no station sees them as the vehicle's.
 */
export class MavlinkRouter implements VehicleRouter {
  private vehicle: VehicleChannel | undefined;
  private readonly components = new Map<number, LocalComponent>();
  private readonly encoders = new Map<number, MavlinkEncoder>();
  /** Frames from stations dropped because no drone link was up to carry them. */
  framesWithoutVehicle = 0;

  constructor(
    private readonly stations: GroundStations,
    private readonly logger: Logger,
  ) {
    stations.on('frame', (frame, station) => this.fromStation(frame, station));
  }

  attachVehicle(channel: VehicleChannel): () => void {
    this.vehicle = channel;
    const onFrame = (frame: MavlinkFrame): void => this.fromVehicle(frame, channel.identity);
    channel.on('frame', onFrame);
    this.logger.info(`routing the drone at ${channel.description} to ${this.stations.served.map((s) => s.description).join(', ')}`);
    return () => {
      channel.off('frame', onFrame);
      if (this.vehicle === channel) this.vehicle = undefined;
    };
  }

  /** The vehicle's system id, once heard on the current drone link. */
  get vehicleSystem(): number | undefined {
    return this.vehicle?.vehicle?.system;
  }

  /** Runs `component` on the vehicle's system: the stations' messages for it come to it, and it speaks through the port. */
  addComponent(component: LocalComponent): ComponentPort {
    this.components.set(component.componentId, component);
    const vehicleSystem = (): number | undefined => this.vehicleSystem;
    return {
      get system() {
        return vehicleSystem();
      },
      send: (message) => this.fromComponent(component.componentId, message),
    };
  }

  private fromVehicle(frame: MavlinkFrame, agent: Target): void {
    const target = frame.message ? targetOf(frame.message.data) : undefined;
    if (target && target.system === agent.system && target.component === agent.component) return;
    this.toStations(frame.bytes, target);
  }

  private fromStation(frame: MavlinkFrame, station: GroundStation): void {
    const message = frame.message;
    const target = message ? targetOf(message.data) : undefined;
    const component = target && target.system === this.vehicleSystem ? this.components.get(target.component) : undefined;
    if (component && message) {
      component.receive(message, station);
      return;
    }
    if (!this.vehicle) {
      this.framesWithoutVehicle++;
      return;
    }
    this.vehicle.forward(frame.bytes);
  }

  private fromComponent(componentId: number, message: MavLinkData): boolean {
    const system = this.vehicleSystem;
    if (system === undefined) return false;
    let encoder = this.encoders.get(componentId);
    if (encoder?.sysid !== system) {
      encoder = new MavlinkEncoder(system, componentId);
      this.encoders.set(componentId, encoder);
    }
    this.toStations(encoder.encode(message), targetOf(message));
    return true;
  }

  private toStations(bytes: Buffer, target: Target | undefined): void {
    for (const station of this.stations.list()) if (!target || station.reaches(target)) station.send(bytes);
  }
}
