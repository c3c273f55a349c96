import type { ConnectedPeer, GroundStation, RecordingState, Welcome } from '@dronecast/protocol';
import type { CommandFeedback } from '../flight/FlightControls.ts';
import type { Observable } from '../observable.ts';
import type { Signaling } from '../session/SessionTypes.ts';
import {
  agentText,
  commandText,
  droneEventText,
  galleryText,
  groundStationChangeTexts,
  leaseText,
  peerChangeTexts,
  poseFiredText,
  qualityText,
  recordingText,
  transportsText,
  type EventText,
} from './consoleEventText.ts';
import type { EventLog, LogCategory } from './EventLog.ts';

export interface ConsoleEventSources {
  signaling: Signaling;
  /** Who is connected, to name lease holders. */
  peers: Observable<readonly ConnectedPeer[]>;
  /** The answers to this console's own commands (flying, the drone link). */
  commands: readonly Observable<CommandFeedback | null>[];
  /** Why this console's last change was refused (quality, transports), or null. */
  refusals: readonly Observable<string | null>[];
}

/**
 * Turns what happens around the drone into the console's log: the drone's events, who has
 * control, poses, quality and transport changes, recordings, the gallery, the ground agent and the
 * server coming and going, phones and MAVLink ground stations joining and leaving, and the answers
 * to the console's commands.
 * Each kind is compared with the last one seen, so repeats (telemetry-rate reports) log nothing.
 */
export class ConsoleEventFeed {
  readonly #unsubscribe: (() => void)[] = [];
  #welcome: Welcome | null = null;
  #everWelcomed = false;
  #agentOnline: boolean | null = null;
  #holder: string | null | undefined = undefined;
  #quality: string | null = null;
  #recording: RecordingState | null = null;
  #peers: readonly ConnectedPeer[] | null = null;
  #groundStations: readonly GroundStation[] | null = null;

  constructor(log: EventLog, sources: ConsoleEventSources) {
    const { signaling } = sources;
    const add = (category: LogCategory, entry: EventText | null): void => {
      if (entry) log.add(category, entry.text, entry.tone);
    };
    this.#unsubscribe.push(
      signaling.status.subscribe((status) => {
        if (status.welcome === this.#welcome) return;
        const lost = this.#welcome !== null && status.welcome === null;
        this.#welcome = status.welcome;
        if (status.welcome) {
          // A new session: every "last seen" is stale, and the server tells the current state again.
          this.#agentOnline = null;
          this.#holder = undefined;
          this.#quality = null;
          this.#recording = null;
          this.#peers = null;
          this.#groundStations = null;
          log.add('server', this.#everWelcomed ? 'Reconnected to the dronecast server' : 'Connected to the dronecast server as the ground console');
          this.#everWelcomed = true;
        } else if (lost) {
          log.add('server', status.error ?? 'Connection to the dronecast server lost', 'error');
        }
        if (status.connection === 'refused') log.add('server', `The server refused the console: ${status.error ?? 'no reason given'}`, 'error');
      }),
      signaling.on('drone:event', (event) => add('drone', droneEventText(event))),
      signaling.on('drone:agent', ({ online }) => {
        if (online === this.#agentOnline) return;
        this.#agentOnline = online;
        add('server', agentText(online));
      }),
      signaling.on('control:lease', ({ holder }) => {
        const peerId = holder?.peerId ?? null;
        const first = this.#holder === undefined;
        if (peerId === this.#holder) return;
        this.#holder = peerId;
        if (!first || peerId) add('control', leaseText(peerId, sources.peers.value));
      }),
      signaling.on('pose:fired', (fired) => add('pose', poseFiredText(fired))),
      signaling.on('video:quality', (quality) => {
        const key = JSON.stringify(quality);
        if (key === this.#quality) return;
        this.#quality = key;
        add('video', qualityText(quality));
      }),
      signaling.on('video:transports', (transports) => add('video', transportsText(transports))),
      signaling.on('capture:recording', (state) => {
        const entry = recordingText(this.#recording, state);
        this.#recording = state;
        add('capture', entry);
      }),
      signaling.on('gallery:changed', (change) => add('gallery', galleryText(change))),
      signaling.on('session:peers', ({ peers }) => {
        if (!this.#welcome) return;
        const before = this.#peers;
        this.#peers = peers;
        if (before === null) return; // the list as found on joining: nobody came or went
        for (const entry of peerChangeTexts(before, peers, this.#welcome.peerId)) add('peers', entry);
      }),
      signaling.on('drone:groundStations', ({ stations }) => {
        const before = this.#groundStations;
        this.#groundStations = stations;
        if (before === null) return; // as found on joining
        for (const entry of groundStationChangeTexts(before, stations)) add('peers', entry);
      }),
      ...sources.commands.map((feedback) =>
        feedback.subscribe((value) => {
          if (value) add('command', commandText(value));
        }),
      ),
      ...sources.refusals.map((refusal) =>
        refusal.subscribe((message) => {
          if (message) log.add('command', message, 'error');
        }),
      ),
    );
  }

  close(): void {
    for (const off of this.#unsubscribe.splice(0)) off();
  }
}
