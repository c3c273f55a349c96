import {
  fail,
  ok,
  ProtocolError,
  type GroundAgentAnswer,
  type GroundAgentRequest,
  type GroundAgentRequestName,
  type VideoQuality,
  type CommandOutcome,
  type RelayedCommand,
  type Logger,
} from '@dronecast/protocol';
import { SignalingLink } from '@dronecast/peer';

export interface SfuLinkOptions {
  url: string;
  token: string;
  /** PEM of the CA that signed the SFU's certificate. */
  ca?: string;
  logger: Logger;
}

/**
 * The ground agent's signaling connection to the SFU, plus the requests only the agent answers
 * (video changes, drone commands, captures and the gallery).
 */
export class SfuLink extends SignalingLink {
  constructor(options: SfuLinkOptions) {
    super({ ...options, tokenName: 'ground token' });
  }

  /** Applies video quality changes decided at the SFU; the handler's answer goes back as the acknowledgement. */
  onVideoApply(handler: (quality: VideoQuality) => Promise<{ ok: boolean; message: string }>): void {
    this.answer('video:apply', handler, (message) => ({ ok: false, message }));
  }

  /** Runs drone commands relayed by the SFU; the handler's outcome goes back as the acknowledgement. */
  onCommand(handler: (command: RelayedCommand) => Promise<CommandOutcome>): void {
    this.answer('drone:command', handler, (message): CommandOutcome => ({ ok: false, reason: 'not-allowed', message }));
  }

  /**
   * Serves a request the SFU makes of us that is answered with an Ack (captures, the gallery): the
   * handler's result or its ProtocolError goes back; any other failure is logged and answered
   * INTERNAL without its details (no file paths leave the ground station).
   */
  serve<E extends GroundAgentRequestName>(event: E, handler: (request: GroundAgentRequest<E>) => Promise<GroundAgentAnswer<E>>): void {
    const refuse = (error: unknown) => {
      if (error instanceof ProtocolError) return fail(error.code, error.message);
      this.options.logger.error(`${event} failed: ${(error as Error).stack ?? String(error)}`);
      return fail('INTERNAL', `${event} failed on the ground station`);
    };
    this.answer(event, (request) => handler(request).then(ok, refuse), (message) => fail('INVALID_PAYLOAD', message));
  }
}
