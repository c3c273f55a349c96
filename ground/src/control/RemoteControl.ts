import { leavesDroneMoving, type CommandOutcome, type Logger, type RelayedCommand, type Telemetry } from '@dronecast/protocol';
import type { SfuLink } from '../sfu/SfuLink.ts';
import type { DroneConnection } from './DroneConnection.ts';
import { runDroneCommand } from './runDroneCommand.ts';

export interface RemoteControlOptions {
  sfu: SfuLink;
  drone: DroneConnection;
  logger: Logger;
  /** At most this many telemetry samples a second go to the SFU. */
  maxTelemetryHz?: number;
}

/**
 * The drone as the SFU sees it: runs commands relayed from phones and the console, sends telemetry
 * and events up, and stops the drone if the SFU link drops while a remote pilot had it moving.
 */
export class RemoteControl {
  private movingByRemote = false;
  private lastTelemetryAt = 0;
  private lastSample: Telemetry | undefined;

  constructor(private readonly options: RemoteControlOptions) {}

  start(): void {
    const { sfu, drone, logger } = this.options;
    const minInterval = 1000 / (this.options.maxTelemetryHz ?? 10);
    sfu.onCommand((relayed) => this.run(relayed));
    drone.on('telemetry', (sample) => {
      const now = Date.now();
      if (now - this.lastTelemetryAt < minInterval) return;
      this.lastTelemetryAt = now;
      this.lastSample = sample;
      sfu.notify('drone:telemetry', { ...sample, time: sfu.serverNow() });
    });
    // Dropped on purpose (console): no vehicle will say so, so the last word is ours.
    drone.on('state', (state) => {
      if (state !== 'disconnected' || drone.link || !this.lastSample) return;
      sfu.notify('drone:telemetry', { ...this.lastSample, state, time: sfu.serverNow() });
    });
    drone.on('event', (event) => {
      sfu.notify('drone:event', event);
      // A lost link brings no more samples from the vehicle: send one now so phones show it.
      const snapshot = drone.link?.telemetry;
      if (snapshot) {
        this.lastTelemetryAt = Date.now();
        sfu.notify('drone:telemetry', { ...snapshot, time: sfu.serverNow() });
      }
    });
    sfu.on('lost', () => {
      if (!this.movingByRemote) return;
      this.movingByRemote = false;
      logger.warn('failsafe: lost the SFU while a remote pilot had the drone moving; stopping it');
      void drone.link?.go('Stop');
    });
  }

  private async run({ command, from }: RelayedCommand): Promise<CommandOutcome> {
    const { logger, drone } = this.options;
    const outcome = await runDroneCommand(drone, command);
    if (outcome.ok) this.movingByRemote = leavesDroneMoving(command) ?? this.movingByRemote;
    const who = from.failsafe ? 'failsafe' : `${from.role} ${from.peerId.slice(0, 8)}`;
    // Sticks come 12 times a second while held: a line each would drown the log.
    logger[command.type === 'stick' ? 'debug' : 'info'](`${command.type} from ${who}: ${outcome.ok ? 'done' : `refused (${outcome.reason}): ${outcome.message}`}`);
    return outcome;
  }
}
