import { describe, expect, it } from 'vitest';
import { ImpairedLink, tcpRetransmitStallMs } from './ImpairedLink.ts';

/** A clock the test moves, and loss draws it scripts. */
function rig(profile: ConstructorParameters<typeof ImpairedLink>[0]['profile'], draws: number[] = []) {
  let now = 1000;
  const link = new ImpairedLink({ profile, now: () => now, random: () => draws.shift() ?? 0.99 });
  return { link, advance: (ms: number) => (now += ms) };
}

describe('ImpairedLink', () => {
  it('delays every datagram by the added delay and drops the ones the loss draw picks', () => {
    const { link } = rig({ name: 't', lossPercent: 2, delayMs: 50 }, [0.5, 0.01, 0.3]);
    expect(link.datagram(1200)).toBe(50);
    expect(link.datagram(1200)).toBeNull();
    expect(link.datagram(1200)).toBe(50);
  });

  it('serialises datagrams at the capped rate and drops what would wait past the queue limit', () => {
    const { link, advance } = rig({ name: 't', rateKbps: 2000 });
    // 1250 bytes = 10,000 bits = 5 ms at 2 Mbit/s.
    expect(link.datagram(1250)).toBe(5);
    expect(link.datagram(1250)).toBe(10);
    advance(10);
    expect(link.datagram(1250)).toBe(5);
    // A burst: the queue fills to 200 ms, then the rest is dropped.
    let delivered = 0;
    let dropped = 0;
    for (let i = 0; i < 100; i++) {
      if (link.datagram(1250) === null) dropped++;
      else delivered++;
    }
    expect(delivered).toBe(39);
    expect(dropped).toBe(61);
  });

  it('never loses stream bytes, but stalls a chunk that lost a segment, and keeps order', () => {
    const { link, advance } = rig({ name: 't', lossPercent: 2, delayMs: 50 }, [0.5, 0.01, 0.5]);
    expect(link.streamChunk(1000)).toBe(50);
    expect(link.streamChunk(1000)).toBe(50 + tcpRetransmitStallMs + 100);
    advance(1);
    // Behind the stalled chunk: it cannot overtake it.
    expect(link.streamChunk(1000)).toBe(50 + tcpRetransmitStallMs + 100 - 1);
  });
});
