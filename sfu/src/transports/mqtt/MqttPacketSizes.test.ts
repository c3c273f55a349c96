import { describe, expect, it } from 'vitest';
import { mqttFixedHeader } from '../../testing/mqttFixedHeader.ts';
import { MqttPacketSizes } from './MqttPacketSizes.ts';


describe('MqttPacketSizes', () => {
  it('refuses a packet announced over the limit at its header, before its body', () => {
    const sizes = new MqttPacketSizes(() => 65_536);
    // 256 MB - 1: the largest length MQTT can announce.
    expect(sizes.feed(mqttFixedHeader(0x10, 268_435_455))).toBe(268_435_455);
  });

  it('follows packets across chunk edges, including a length split between chunks', () => {
    let limit = 100;
    const sizes = new MqttPacketSizes(() => limit);
    const small = Buffer.concat([mqttFixedHeader(0x30, 10), Buffer.alloc(10)]);
    const stream = Buffer.concat([small, small, mqttFixedHeader(0x30, 300)]);
    // Byte by byte: every boundary falls inside the stream somewhere.
    const verdicts = [...stream].map((byte) => sizes.feed(Buffer.from([byte])));
    expect(verdicts.filter((v) => v !== undefined)).toEqual([300]);
    limit = 1000;
    const after = new MqttPacketSizes(() => limit);
    expect(after.feed(Buffer.concat([small, mqttFixedHeader(0x30, 300), Buffer.alloc(300), small]))).toBeUndefined();
  });

  it('calls a length of more than four bytes malformed', () => {
    const sizes = new MqttPacketSizes(() => Infinity);
    expect(sizes.feed(Buffer.from([0x30, 0xff, 0xff, 0xff, 0xff]))).toBe(Infinity);
  });

  it('takes a packet with no body (PINGREQ) and goes on', () => {
    const sizes = new MqttPacketSizes(() => 10);
    expect(sizes.feed(Buffer.concat([mqttFixedHeader(0xc0, 0), mqttFixedHeader(0x30, 11)]))).toBe(11);
  });
});
