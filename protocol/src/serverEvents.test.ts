import { describe, expect, it } from 'vitest';
import { validatedListener } from './serverEvents.ts';

describe('server events are validated on arrival', () => {
  it('passes a payload that matches the contract', () => {
    const seen: unknown[] = [];
    const listener = validatedListener('media:producerAdded', (p) => seen.push(p), () => seen.push('invalid'));
    listener({ producerId: 'p1', source: 'drone-camera', kind: 'video', peerId: 'x' });
    expect(seen).toEqual([{ producerId: 'p1', source: 'drone-camera', kind: 'video', peerId: 'x' }]);
  });

  it('drops and reports one that does not', () => {
    const reports: string[] = [];
    let called = false;
    const listener = validatedListener('session:welcome', () => (called = true), (m) => reports.push(m));
    listener({ peerId: 'p', role: 'admiral', droneId: 'drone1', serverTime: 1 });
    listener('welcome!');
    expect(called).toBe(false);
    expect(reports[0]).toMatch(/^session:welcome: role/);
    expect(reports).toHaveLength(2);
  });
});
