import { describe, expect, it } from 'vitest';
import { idleRecordingState, type ConnectedPeer, type GalleryItem, type GroundStation, type RecordingState, type VideoQuality } from '@dronecast/protocol';
import { ScriptedSignaling } from '../capture/testing/ScriptedSignaling.ts';
import type { CommandFeedback } from '../flight/FlightControls.ts';
import { ObservableValue } from '../observable.ts';
import { ConsoleEventFeed } from './ConsoleEventFeed.ts';
import { EventLog } from './EventLog.ts';

const me: ConnectedPeer = { peerId: 'p1', role: 'console', since: 0, address: '127.0.0.1', device: 'Chrome on Linux' };
const pilot: ConnectedPeer = { peerId: 'pilot-1', role: 'pilot', since: 5, address: '::ffff:192.168.1.20', device: 'Chrome on Android' };
const quality: VideoQuality = { resolution: '640x480', fps: 15, jpegQuality: 70, maxBitrateKbps: 1500 };
const running: RecordingState = { ...idleRecordingState, recording: true, id: '0000000000video000001', startedAt: 1, durationMs: 0, resolution: '640x480', fps: 15, startedBy: { role: 'console', peerId: 'p1' } };
const photo: GalleryItem = {
  id: '0000000000photo000001',
  kind: 'photo',
  createdAt: 1,
  fileName: 'p.jpg',
  mimeType: 'image/jpeg',
  sizeBytes: 1000,
  width: 1280,
  height: 720,
  capturedBy: { role: 'pilot', peerId: 'pilot-1' },
  position: null,
};

function setup() {
  const signaling = new ScriptedSignaling();
  const peers = new ObservableValue<readonly ConnectedPeer[]>([]);
  const command = new ObservableValue<CommandFeedback | null>(null);
  const refusal = new ObservableValue<string | null>(null);
  let now = 1_000;
  const log = new EventLog({ capacity: 10, clock: () => now++ });
  const feed = new ConsoleEventFeed(log, { signaling, peers, commands: [command], refusals: [refusal] });
  const texts = (): string[] => log.entries.value.map((e) => e.text);
  return { signaling, peers, command, refusal, log, feed, texts };
}

describe('the console\'s event log', () => {
  it('keeps the newest first, up to its capacity, each stamped', () => {
    const log = new EventLog({ capacity: 3, clock: () => 42 });
    for (const n of [1, 2, 3, 4]) log.add('drone', `event ${n}`);
    expect(log.entries.value.map((e) => e.text)).toEqual(['event 4', 'event 3', 'event 2']);
    expect(log.entries.value[0]).toMatchObject({ time: 42, category: 'drone', tone: 'info' });
    expect(new Set(log.entries.value.map((e) => e.id)).size).toBe(3);
  });

  it('logs MAVLink ground stations that come and go, not their reports', () => {
    const { signaling, texts } = setup();
    const qgc: GroundStation = { kind: 'udp', address: '192.168.1.20:14550', since: 1, lastHeardAt: 2, linkUp: true, packetsIn: 1, packetsOut: 1, packetsDropped: 0, mavlinkIds: ['255/190'] };
    signaling.emit('drone:groundStations', { stations: [] });
    signaling.emit('drone:groundStations', { stations: [qgc] });
    signaling.emit('drone:groundStations', { stations: [{ ...qgc, packetsIn: 50 }] });
    signaling.emit('drone:groundStations', { stations: [] });
    expect(texts().slice(0, 2)).toEqual([
      'Ground station left: 192.168.1.20:14550 (UDP, it sends to us, MAVLink 255/190)',
      'Ground station joined: 192.168.1.20:14550 (UDP, it sends to us, MAVLink 255/190)',
    ]);
  });

  it('logs what happens, once per change, not every report', () => {
    const { signaling, peers, texts } = setup();
    expect(texts()).toEqual(['Connected to the dronecast server as the ground console']);
    signaling.emit('drone:agent', { online: true });
    signaling.emit('drone:agent', { online: true });
    signaling.emit('control:lease', { holder: null });
    signaling.emit('video:quality', quality);
    signaling.emit('video:quality', { ...quality });
    expect(texts().slice(0, 2)).toEqual(['Video quality: 640×480, 15 fps, JPEG 70, 1500 kbit/s', 'Ground agent online: drone link, video and gallery available']);

    signaling.emit('session:peers', { peers: [me] });
    peers.set([me, pilot]);
    signaling.emit('session:peers', { peers: [me, pilot] });
    signaling.emit('control:lease', { holder: { peerId: 'pilot-1', since: 9 } });
    signaling.emit('session:peers', { peers: [me] });
    signaling.emit('control:lease', { holder: null });
    expect(texts().slice(0, 4)).toEqual([
      'Control lease: released, no pilot has control',
      'Left: pilot (Chrome on Android, 192.168.1.20)',
      'Control lease: pilot (Chrome on Android) has control',
      'Joined: pilot (Chrome on Android, 192.168.1.20)',
    ]);
  });

  it('logs recordings starting and stopping, not their progress', () => {
    const { signaling, texts, log } = setup();
    log.clear();
    signaling.emit('capture:recording', idleRecordingState);
    signaling.emit('capture:recording', running);
    signaling.emit('capture:recording', { ...running, durationMs: 1000 });
    signaling.emit('capture:recording', { ...running, durationMs: 65_000 });
    signaling.emit('capture:recording', { ...idleRecordingState, lastEnd: { reason: 'requested', message: 'recording saved', id: running.id } });
    signaling.emit('capture:recording', running);
    signaling.emit('capture:recording', { ...idleRecordingState, lastEnd: { reason: 'low-disk', message: 'the disk is nearly full', id: running.id } });
    expect(texts()).toEqual([
      'Recording ended by itself: the disk is nearly full',
      'Recording started by the console (640×480 at 15 fps)',
      'Recording stopped after 1:05',
      'Recording started by the console (640×480 at 15 fps)',
    ]);
    expect(log.entries.value[0]?.tone).toBe('warning');
  });

  it('logs drone events, failsafes, poses, transports, the gallery and command answers', () => {
    const { signaling, command, refusal, log } = setup();
    log.clear();
    signaling.emit('drone:event', { type: 'tookOff', message: 'took off', time: 1 });
    signaling.emit('drone:event', { type: 'statusText', message: 'Failsafe: the pilot disconnected. The drone was told to stop and hover.', time: 2 });
    signaling.emit('drone:event', { type: 'statusText', message: 'Battery failsafe', time: 2 });
    signaling.emit('drone:event', { type: 'camera', message: 'keyframes come every 4.0 s', time: 2 });
    signaling.emit('pose:fired', { pose: 'stop', ok: true, message: 'done', time: 3 });
    signaling.emit('video:transports', { websocket: { available: false, reason: 'switched off', switchedOff: true }, mqtt: { available: true, url: null } });
    signaling.emit('gallery:changed', { type: 'added', item: photo });
    expect(log.entries.value.map((e) => [e.category, e.tone, e.text])).toEqual([
      ['gallery', 'info', 'Gallery: photo added (1280×720, by the pilot)'],
      ['video', 'info', 'Video transports: websocket off (switched off), MQTT on'],
      ['pose', 'info', 'Pose "stop" flew the drone: done'],
      ['drone', 'warning', 'Camera: keyframes come every 4.0 s'],
      ['drone', 'warning', 'Failsafe: Battery failsafe'],
      ['drone', 'warning', 'Failsafe: the pilot disconnected. The drone was told to stop and hover.'],
      ['drone', 'info', 'Drone: took off'],
    ]);
    log.clear();
    command.set({ label: 'Arm', state: 'pending', message: '' });
    command.set({ label: 'Arm', state: 'refused', message: 'PreArm: Need 3D Fix' });
    command.set({ label: 'Take off to 5 m', state: 'done', message: 'taking off' });
    refusal.set('Quality not changed: 0 fps is not a frame rate');
    expect(log.entries.value.map((e) => [e.category, e.tone, e.text])).toEqual([
      ['command', 'error', 'Quality not changed: 0 fps is not a frame rate'],
      ['command', 'info', 'Take off to 5 m: done (taking off)'],
      ['command', 'error', 'Arm: refused — PreArm: Need 3D Fix'],
    ]);
  });

  it('says when the server goes away and comes back, and the agent with it', () => {
    const { signaling, texts, log } = setup();
    signaling.emit('drone:agent', { online: false });
    expect(log.entries.value[0]).toMatchObject({ tone: 'error', text: 'Ground agent offline: no drone, video or gallery until it is back' });
    signaling.setConnected(false);
    signaling.setConnected(true);
    signaling.emit('drone:agent', { online: false });
    expect(texts().slice(0, 3)).toEqual([
      'Ground agent offline: no drone, video or gallery until it is back',
      'Reconnected to the dronecast server',
      'Connection to the server lost. Reconnecting…',
    ]);
  });
});
