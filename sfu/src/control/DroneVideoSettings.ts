import { cameraOwnedSettings, ProtocolError, type Logger, type VideoQuality } from '@dronecast/protocol';
import type { DroneControl, Requester } from './DroneControl.ts';

/** What the SFU needs from the ground agent to change the video. */
export interface VideoAgent {
  /** Asks the agent to produce this format and JPEG quality; resolves with its answer. */
  apply(quality: VideoQuality): Promise<{ ok: boolean; message: string }>;
  /** Caps the WebRTC bitrate the SFU accepts from the agent (wrtc can't change it on its side). */
  limitBitrate(kbps: number): Promise<void>;
}

/**
 * The drone video's quality (resolution, fps, JPEG quality, WebRTC bitrate): changed live by the
 * console or the pilot holding the lease, applied by the ground agent and the SFU, shown to everyone.
 */
export class DroneVideoSettings {
  private agent: VideoAgent | undefined;
  private current: VideoQuality | undefined;

  constructor(
    private readonly control: DroneControl,
    private readonly announce: (quality: VideoQuality) => void,
    private readonly logger: Logger,
  ) {}

  get quality(): VideoQuality | undefined {
    return this.current;
  }

  attachAgent(agent: VideoAgent): void {
    this.agent = agent;
  }

  detachAgent(agent: VideoAgent): void {
    if (this.agent === agent) this.agent = undefined;
  }

  /** The agent says what it produces (at start and after reconnecting): that is the truth. */
  async reported(quality: VideoQuality): Promise<void> {
    this.current = quality;
    await this.agent?.limitBitrate(quality.maxBitrateKbps);
    this.announce(quality);
  }

  async set(requester: Requester, change: Partial<VideoQuality>): Promise<VideoQuality> {
    if (requester.role !== 'pilot' && requester.role !== 'console') {
      throw new ProtocolError('FORBIDDEN', `a ${requester.role} cannot change the video quality`);
    }
    if (requester.role === 'pilot') this.control.acquire(requester);
    const agent = this.agent;
    if (!agent || !this.current) throw new ProtocolError('UNAVAILABLE', 'the ground station is not connected to the server');
    const current = this.current;
    const ownedByCamera = current.camera ? cameraOwnedSettings.filter((key) => change[key] !== undefined && change[key] !== current[key]) : [];
    if (ownedByCamera.length > 0) {
      throw new ProtocolError(
        'INVALID_STATE',
        `the camera sets its own ${ownedByCamera.join(', ')}: its ${current.camera?.codec} is passed through without re-encoding, so change them on the camera`,
      );
    }
    const next: VideoQuality = { ...this.current, ...change };
    const { maxBitrateKbps: _bitrate, ...producedNow } = this.current;
    const { maxBitrateKbps, ...producedNext } = next;
    if (JSON.stringify(producedNow) !== JSON.stringify(producedNext)) {
      let answer: { ok: boolean; message: string };
      try {
        answer = await agent.apply(next);
      } catch {
        throw new ProtocolError('UNAVAILABLE', 'the ground station did not answer in time');
      }
      if (!answer.ok) throw new ProtocolError('INVALID_STATE', `the ground station could not apply it: ${answer.message}`);
    }
    await agent.limitBitrate(maxBitrateKbps);
    this.current = next;
    this.logger.info('video quality changed', { by: requester.role, ...next });
    this.announce(next);
    return next;
  }
}
