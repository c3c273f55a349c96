import { describe, expect, it } from 'vitest';
import type { SessionStatus } from '../../lib/session/SessionTypes.ts';
import type { VideoStatus } from '../../lib/video/DroneVideoTypes.ts';
import { phoneNotice } from './phoneNotice.ts';

const welcome = { peerId: 'p1', role: 'pilot', droneId: 'drone1', serverTime: 0, transports: { websocket: { available: true }, mqtt: { available: true, url: null } } } as const;
const connected: SessionStatus = { connection: 'connected', error: null, welcome };
const playing: VideoStatus = { state: 'playing', message: '', stream: null };
const waiting = { state: 'waiting-for-drone', message: 'Waiting for the drone camera…' } as const;

describe('phoneNotice', () => {
  it('says nothing while the video plays', () => {
    expect(phoneNotice(connected, playing)).toBeNull();
  });

  it('tells a user without a token where the right link is', () => {
    const notice = phoneNotice({ connection: 'no-token', error: 'x', welcome: null }, playing);
    expect(notice).toMatchObject({ tone: 'error' });
    expect(notice?.text).toMatch(/printed by the ground station/);
  });

  it("passes on the server's refusal reason and offers to retry", () => {
    const notice = phoneNotice({ connection: 'refused', error: 'token expired', welcome: null }, playing);
    expect(notice?.text).toMatch(/token expired/);
    expect(notice?.action).toBe('reconnect');
  });

  it('shows why the video is not playing once connected', () => {
    expect(phoneNotice(connected, waiting)).toEqual({
      tone: 'info',
      text: 'Waiting for the drone camera…',
    });
    expect(phoneNotice(connected, { state: 'failed', message: 'Video unavailable: boom' })?.action).toBe('retry-video');
  });
});
