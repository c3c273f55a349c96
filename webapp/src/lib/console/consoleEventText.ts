import type {
  AvailableTransports,
  ConnectedPeer,
  DroneEvent,
  GalleryChange,
  GroundStation,
  PoseFired,
  RecordingState,
  VideoQuality,
} from '@dronecast/protocol';
import { formatDuration } from '../capture/formatDuration.ts';
import type { CommandFeedback } from '../flight/FlightControls.ts';
import { itemTitle } from '../gallery/describeItem.ts';
import type { LogTone } from './EventLog.ts';
import { groundStationKindNames } from './groundStationRows.ts';
import { peerLabel, roleNames } from './peerGroups.ts';

/** The words of one log entry and how loud it is. */
export interface EventText {
  text: string;
  tone: LogTone;
}

const warningEvents: readonly DroneEvent['type'][] = ['linkLost', 'lowBattery', 'camera'];

export function droneEventText(event: DroneEvent): EventText {
  // The SFU's failsafe speaks through statusText events.
  if (/failsafe/i.test(event.message)) return { text: /^failsafe/i.test(event.message) ? event.message : `Failsafe: ${event.message}`, tone: 'warning' };
  const tone = warningEvents.includes(event.type) ? 'warning' : 'info';
  if (event.type === 'camera') return { text: `Camera: ${event.message}`, tone };
  return { text: `Drone: ${event.message}`, tone };
}

export function leaseText(holderPeerId: string | null, peers: readonly ConnectedPeer[]): EventText {
  return { text: holderPeerId ? `Control lease: ${peerLabel(peers, holderPeerId)} has control` : 'Control lease: released, no pilot has control', tone: 'info' };
}

export function poseFiredText(fired: PoseFired): EventText {
  return fired.ok
    ? { text: `Pose "${fired.pose}" flew the drone: ${fired.message}`, tone: 'info' }
    : { text: `Pose "${fired.pose}" refused: ${fired.message}`, tone: 'warning' };
}

export function qualityText(quality: VideoQuality): EventText {
  return { text: `Video quality: ${quality.resolution.replace('x', '×')}, ${quality.fps} fps, JPEG ${quality.jpegQuality}, ${quality.maxBitrateKbps} kbit/s`, tone: 'info' };
}

export function transportsText(transports: AvailableTransports): EventText {
  const one = (name: string, state: AvailableTransports['websocket'] | AvailableTransports['mqtt']): string =>
    state.available ? `${name} on` : `${name} off (${state.reason})`;
  return { text: `Video transports: ${one('websocket', transports.websocket)}, ${one('MQTT', transports.mqtt)}`, tone: 'info' };
}

/** A recording starting or ending; null for the once-a-second progress reports in between. */
export function recordingText(before: RecordingState | null, after: RecordingState): EventText | null {
  if (after.recording && !(before?.recording && before.id === after.id)) {
    const by = after.startedBy ? ` by the ${roleNames[after.startedBy.role].toLowerCase()}` : '';
    const format = after.resolution ? ` (${after.resolution.replace('x', '×')}${after.fps ? ` at ${Math.round(after.fps)} fps` : ''})` : '';
    return { text: `Recording started${by}${format}`, tone: 'info' };
  }
  if (!after.recording && before?.recording) {
    const end = after.lastEnd;
    if (!end || end.reason === 'requested') return { text: `Recording stopped after ${formatDuration(before.durationMs)}`, tone: 'info' };
    return { text: `Recording ended by itself: ${end.message}`, tone: 'warning' };
  }
  return null;
}

export function galleryText(change: GalleryChange): EventText {
  if (change.type === 'removed') return { text: 'Gallery: an item was deleted', tone: 'info' };
  const { item } = change;
  return { text: `Gallery: ${itemTitle(item).toLowerCase()} added (${item.width}×${item.height}, by the ${roleNames[item.capturedBy.role].toLowerCase()})`, tone: 'info' };
}

export function agentText(online: boolean): EventText {
  return online
    ? { text: 'Ground agent online: drone link, video and gallery available', tone: 'info' }
    : { text: 'Ground agent offline: no drone, video or gallery until it is back', tone: 'error' };
}

/** Who joined and who left between two lists (this console itself is left out). */
export function peerChangeTexts(before: readonly ConnectedPeer[], after: readonly ConnectedPeer[], me: string | null): EventText[] {
  const describe = (peer: ConnectedPeer): string => `${roleNames[peer.role].toLowerCase()} (${peer.device}, ${peer.address.replace(/^::ffff:/, '')})`;
  const had = new Set(before.map((p) => p.peerId));
  const has = new Set(after.map((p) => p.peerId));
  return [
    ...after.filter((p) => !had.has(p.peerId) && p.peerId !== me).map((p) => ({ text: `Joined: ${describe(p)}`, tone: 'info' as const })),
    ...before.filter((p) => !has.has(p.peerId) && p.peerId !== me).map((p) => ({ text: `Left: ${describe(p)}`, tone: 'info' as const })),
  ];
}

/** Ground stations that came and went (a UDP sender heard, or silent for a while), for the log. */
export function groundStationChangeTexts(before: readonly GroundStation[], after: readonly GroundStation[]): EventText[] {
  const key = (station: GroundStation): string => `${station.kind} ${station.address}`;
  const describe = (station: GroundStation): string =>
    `${station.address} (${groundStationKindNames[station.kind]}${station.mavlinkIds.length ? `, MAVLink ${station.mavlinkIds.join(', ')}` : ''})`;
  const had = new Set(before.map(key));
  const has = new Set(after.map(key));
  return [
    ...after.filter((s) => !had.has(key(s))).map((s) => ({ text: `Ground station joined: ${describe(s)}`, tone: 'info' as const })),
    ...before.filter((s) => !has.has(key(s))).map((s) => ({ text: `Ground station left: ${describe(s)}`, tone: 'info' as const })),
  ];
}

/** A command's answer; null while it is on its way. */
export function commandText(feedback: CommandFeedback): EventText | null {
  if (feedback.state === 'pending') return null;
  return feedback.state === 'done'
    ? { text: `${feedback.label}: done${feedback.message ? ` (${feedback.message})` : ''}`, tone: 'info' }
    : { text: `${feedback.label}: refused — ${feedback.message}`, tone: 'error' };
}
