import { describe, expect, it } from 'vitest';
import type { SessionStatus } from '../../lib/session/SessionTypes.ts';
import type { VideoStatus } from '../../lib/video/DroneVideoTypes.ts';
import { phoneNotice } from './phoneNotice.ts';

const welcome = { peerId: 'p1', role: 'pilot', droneId: 'drone1', serverTime: 0, transports: { websocket: { available: true }, mqtt: { available: true, url: null } }, mapTiles: null } as const;
const connected: SessionStatus = { connection: 'connected', error: null, welcome };
const playing: VideoStatus = { state: 'playing', message: '', stream: null };
const waiting = { state: 'waiting-for-drone', message: 'Waiting for the drone camera…' } as const;

describe('phoneNotice', () => {
  it('says nothing while the video plays', () => {
    expect(phoneNotice(connected, playing)).toBeNull();
  });

  it('leaves a missing or refused token to the full-screen access problem', () => {
    expect(phoneNotice({ connection: 'no-token', error: 'x', welcome: null }, playing)).toBeNull();
    expect(phoneNotice({ connection: 'refused', error: 'token expired', welcome: null }, playing)).toBeNull();
  });

  it('offers to reconnect after the server ended the session', () => {
    expect(phoneNotice({ connection: 'disconnected', error: 'The server ended this session.', welcome: null }, playing)?.action).toBe('reconnect');
  });

  it('shows why the video is not playing once connected', () => {
    expect(phoneNotice(connected, waiting)).toEqual({
      tone: 'info',
      text: 'Waiting for the drone camera…',
    });
    expect(phoneNotice(connected, { state: 'failed', message: 'Video unavailable: boom' })?.action).toBe('retry-video');
  });

  it('says why the page left the transport the user picked, until WebRTC fails too', () => {
    const fallback = { from: 'websocket', notice: 'The ground station switched websocket video off; showing WebRTC' } as const;
    expect(phoneNotice(connected, { ...playing, fallback })).toEqual({ tone: 'info', text: fallback.notice });
    expect(phoneNotice(connected, { ...waiting, fallback })?.text).toBe(fallback.notice);
    expect(phoneNotice(connected, { state: 'failed', message: 'Video unavailable: boom', fallback })).toMatchObject({ tone: 'error', text: 'Video unavailable: boom' });
    expect(phoneNotice(connected, { ...playing, fallback: null })).toBeNull();
  });
});
