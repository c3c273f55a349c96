import {
  agentAckSchema,
  describeIssues,
  groundAgentRequests,
  idleRecordingState,
  ProtocolError,
  type CaptureRequester,
  type GalleryChange,
  type GroundAgentAnswer,
  type GroundAgentRequest,
  type GroundAgentRequestName,
  type Logger,
  type RecordingSource,
  type RecordingState,
} from '@dronecast/protocol';
import { AgentLinkShare } from '../limits/AgentLinkShare.ts';
import { Turns } from '../limits/Turns.ts';
import { assertMay } from './captureAccess.ts';

/** The ground agent's socket, as far as captures need it: requests answered with an Ack. */
export interface CaptureAgentChannel {
  id: string;
  ask<E extends GroundAgentRequestName>(event: E, payload: GroundAgentRequest<E>, timeoutMs: number): Promise<unknown>;
}

export interface DroneCaptureOptions {
  logger: Logger;
  /** Tells every client of this drone. */
  announceRecording(state: RecordingState): void;
  announceChange(change: GalleryChange): void;
  /** The agent's socket as shared with the pilots' commands (the drone's; a fresh one alone). */
  agentLink?: AgentLinkShare;
}

/**
 * Gallery bytes a second per drone, at most. At full speed (17.6 MB/s measured with 50 downloads
 * on 2 cores) the downloads' TLS took the SFU's CPU from the pilots' commands; 8 MB/s still
 * fetches a minute of 1080p in about 2 s on the LAN.
 */
export const galleryBytesPerSecond = 8_000_000;

/** Why nothing can be captured while the drone's ground agent is away (requests are refused with it, Record shows it). */
const agentOffline = 'the ground station is not connected to the server';

/** How long the agent may take: finishing a recording remuxes the whole file. */
const timeoutsMs: Record<GroundAgentRequestName, number> = {
  'capture:photo': 15_000,
  'capture:startRecording': 15_000,
  'capture:stopRecording': 120_000,
  'gallery:list': 10_000,
  'gallery:delete': 10_000,
  'gallery:read': 15_000,
};

/**
 * One drone's photos, recordings and gallery as the SFU sees them: who may do what is decided
 * here, the work is done by the drone's ground agent (the files stay on the ground station), and
 * everyone is told when a recording runs or the gallery changes.
 */
export class DroneCapture {
  /**
   * Gallery bytes share the agent's one socket with the pilots' commands: one 128 KiB chunk in
   * flight per drone, none while a command is, paced (AgentLinkShare). One photo at a time per drone.
   */
  private readonly agentLink: AgentLinkShare;
  private readonly photos = new Turns(1, 4, 'photos');
  private agent: CaptureAgentChannel | undefined;
  /** Until the agent tells its own (on every connect), no recording can start. */
  private recording: RecordingState = { ...idleRecordingState, unavailable: agentOffline };

  constructor(private readonly options: DroneCaptureOptions) {
    this.agentLink = options.agentLink ?? new AgentLinkShare(galleryBytesPerSecond, 200);
  }

  get recordingState(): RecordingState {
    return this.recording;
  }

  attachAgent(agent: CaptureAgentChannel): void {
    this.agent = agent;
  }

  detachAgent(agentId: string): void {
    if (this.agent?.id !== agentId) return;
    this.agent = undefined;
    // Phones can't know any more; the agent tells the truth when it is back.
    const lastEnd: RecordingState['lastEnd'] = this.recording.recording
      ? { reason: 'agent-offline', message: 'the ground station went offline; it keeps recording if it is still running', id: this.recording.id }
      : this.recording.lastEnd;
    this.reportedRecording({ ...idleRecordingState, lastEnd, unavailable: agentOffline });
  }

  /** From the agent: its recording state is the truth. */
  reportedRecording(state: RecordingState): void {
    this.recording = state;
    this.options.announceRecording(state);
  }

  reportedChange(change: GalleryChange): void {
    this.options.announceChange(change);
  }

  async photo(from: CaptureRequester): Promise<GroundAgentAnswer<'capture:photo'>> {
    assertMay(from, 'capture');
    return this.photos.run(() => this.ask('capture:photo', { from }));
  }

  async startRecording(from: CaptureRequester, source?: RecordingSource): Promise<GroundAgentAnswer<'capture:startRecording'>> {
    assertMay(from, 'capture');
    return this.ask('capture:startRecording', source === undefined ? { from } : { from, source });
  }

  async stopRecording(from: CaptureRequester): Promise<GroundAgentAnswer<'capture:stopRecording'>> {
    assertMay(from, 'capture');
    return this.ask('capture:stopRecording', { from });
  }

  async list(from: CaptureRequester, request: GroundAgentRequest<'gallery:list'>): Promise<GroundAgentAnswer<'gallery:list'>> {
    assertMay(from, 'view');
    return this.ask('gallery:list', request);
  }

  async delete(from: CaptureRequester, { id }: { id: string }): Promise<GroundAgentAnswer<'gallery:delete'>> {
    assertMay(from, 'delete');
    return this.ask('gallery:delete', { id, from });
  }

  async read(from: CaptureRequester, request: GroundAgentRequest<'gallery:read'>): Promise<GroundAgentAnswer<'gallery:read'>> {
    assertMay(from, 'view');
    return this.agentLink.bulk(request.length, () => this.ask('gallery:read', request));
  }

  /** Asks the agent; resolves with its validated answer or throws its refusal as a ProtocolError. */
  private async ask<E extends GroundAgentRequestName>(event: E, payload: GroundAgentRequest<E>): Promise<GroundAgentAnswer<E>> {
    const agent = this.agent;
    if (!agent) throw new ProtocolError('UNAVAILABLE', agentOffline);
    let reply: unknown;
    try {
      reply = await agent.ask(event, payload, timeoutsMs[event]);
    } catch {
      throw new ProtocolError('UNAVAILABLE', `the ground station did not answer ${event} in time`);
    }
    const parsed = agentAckSchema(groundAgentRequests[event].answer).safeParse(reply);
    if (!parsed.success) {
      this.options.logger.warn(`malformed ${event} answer from the ground agent: ${describeIssues(parsed.error)}`);
      throw new ProtocolError('INTERNAL', `the ground station gave a malformed answer to ${event}`);
    }
    if (!parsed.data.ok) throw new ProtocolError(parsed.data.error.code, parsed.data.error.message);
    return parsed.data.data as GroundAgentAnswer<E>;
  }
}
