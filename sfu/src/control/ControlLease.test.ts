import { describe, expect, it } from 'vitest';
import type { ProtocolError} from '@dronecast/protocol';
import { type LeaseHolder } from '@dronecast/protocol';
import { ControlLease } from './ControlLease.ts';

describe('ControlLease', () => {
  it('goes to the first pilot who asks and is announced', () => {
    const changes: LeaseHolder[] = [];
    const lease = new ControlLease((h) => changes.push(h));
    expect(lease.acquire('a', 1000)).toEqual({ peerId: 'a', since: 1000 });
    expect(lease.acquire('a', 2000)).toEqual({ peerId: 'a', since: 1000 });
    expect(changes).toEqual([{ peerId: 'a', since: 1000 }]);
  });

  it('refuses a second pilot while held, saying for how long', () => {
    const lease = new ControlLease(() => undefined);
    lease.acquire('a', 0);
    try {
      lease.acquire('b', 12_000);
      expect.unreachable();
    } catch (error) {
      expect((error as ProtocolError).code).toBe('INVALID_STATE');
      expect((error as Error).message).toMatch(/another pilot has control \(for 12 s\)/);
    }
  });

  it('is freed only by its holder', () => {
    const lease = new ControlLease(() => undefined);
    lease.acquire('a');
    expect(lease.release('b')).toMatchObject({ peerId: 'a' });
    expect(lease.release('a')).toBeNull();
    expect(lease.acquire('b')).toMatchObject({ peerId: 'b' });
  });
});
