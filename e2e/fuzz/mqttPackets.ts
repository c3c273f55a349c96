import { generate, type Packet, type QoS } from 'mqtt-packet';
import { mqttTopics } from '@dronecast/protocol';
import type { Random } from '../support/Random.ts';

/** What a byte sequence should get back when it is sent unmutated (mutated ones may get anything, or a close). */
export type MqttExpectation = 'connack-accepted' | 'connack-refused' | 'nothing';

export interface MqttCase {
  /** The bytes as the client writes them, one chunk per write (TCP) or WebSocket message. */
  chunks: Buffer[];
  expect: MqttExpectation;
  /** The packets before mutation, and what was done to them: for the report. */
  description: string;
}

/** Remaining lengths MQTT cannot carry: a fifth length byte, a continuation with nothing after it, the largest length there is. */
const badRemainingLengths = [Buffer.from([0xff, 0xff, 0xff, 0xff, 0x7f]), Buffer.from([0x80]), Buffer.from([0xff, 0xff, 0xff, 0x7f]), Buffer.from([0x80, 0x80, 0x80, 0x80, 0x01])];

function topic(random: Random, droneId: string): string {
  return random.pick([
    mqttTopics.videoJpeg(droneId),
    mqttTopics.telemetry(droneId),
    mqttTopics.videoDemand(droneId),
    `dronecast/${droneId}/#`,
    `dronecast/${droneId}/+/jpeg`,
    'dronecast/other-drone/telemetry',
    '#',
    '+/+/#',
    '$SYS/#',
    'a/#/b',
    'a+/b',
    '',
    `dronecast/${droneId}/${'x'.repeat(random.int(100, 60_000))}`,
    `dronecast/${droneId}/\u0000/\ud800`,
  ]);
}

function connect(random: Random, password: string, protocolVersion: 3 | 4 | 5 = 4): Packet {
  return {
    cmd: 'connect',
    protocolId: protocolVersion === 3 ? 'MQIsdp' : 'MQTT',
    protocolVersion,
    clientId: random.chance(0.9) ? `fuzz-${random.int(0, 1e9)}` : '',
    // Clean sessions: a persistent one per case would fill the broker's 32 persistent sessions in seconds.
    clean: true,
    keepalive: random.pick([0, 1, 30, 65535]),
    username: 'fuzz',
    password: Buffer.from(password),
    ...(random.chance(0.2) ? { will: { topic: 'dronecast/x/will', payload: random.bytes(random.int(0, 200)), qos: random.pick([0, 1, 2] as QoS[]), retain: random.chance(0.5) } } : {}),
  };
}

function afterConnect(random: Random, droneId: string): Packet {
  const messageId = random.int(1, 65535);
  const qos = random.pick([0, 1, 2] as QoS[]);
  switch (random.int(0, 6)) {
    case 0:
      return { cmd: 'subscribe', messageId, subscriptions: Array.from({ length: random.int(1, 4) }, () => ({ topic: topic(random, droneId), qos })) };
    case 1:
      return { cmd: 'unsubscribe', messageId, unsubscriptions: [topic(random, droneId)] };
    case 2:
      return { cmd: 'publish', topic: topic(random, droneId), payload: random.bytes(random.int(0, 4096)), qos, dup: random.chance(0.2), retain: random.chance(0.3), ...(qos > 0 ? { messageId } : {}) };
    case 3:
      return { cmd: random.pick(['puback', 'pubrec', 'pubrel', 'pubcomp'] as const), messageId };
    case 4:
      return { cmd: 'pingreq' };
    case 5:
      return { cmd: 'disconnect' };
    default:
      return connect(random, 'a second CONNECT');
  }
}

/** Damages one packet's bytes the ways a broken client or an attacker would. */
function damage(packet: Buffer, random: Random): { bytes: Buffer; how: string } {
  const bytes = Buffer.from(packet);
  const at = random.int(0, Math.max(0, bytes.length - 1));
  switch (random.int(0, 7)) {
    case 0: {
      const flips = random.int(1, 4);
      for (let i = 0; i < flips; i++) {
        const j = random.int(0, bytes.length - 1);
        bytes[j] = (bytes[j] ?? 0) ^ (1 << random.int(0, 7));
      }
      return { bytes, how: `${flips} bits flipped` };
    }
    case 1:
      return { bytes: bytes.subarray(0, at), how: `cut after ${at} of ${bytes.length} bytes` };
    case 2: {
      // The fixed header's length replaced: the rest of the packet no longer fits it.
      const length = random.pick(badRemainingLengths);
      return { bytes: Buffer.concat([bytes.subarray(0, 1), length, bytes.subarray(2)]), how: `remaining length ${length.toString('hex')}` };
    }
    case 3:
      return { bytes: Buffer.concat([bytes.subarray(0, at), random.bytes(random.int(1, 64)), bytes.subarray(at)]), how: `random bytes inserted at ${at}` };
    case 4:
      // Reserved packet types 0 and 15, or the flags of another packet type.
      bytes[0] = random.pick([0x00, 0xf0, 0x3f, 0x82 ^ 0x0f, random.int(0, 255)]);
      return { bytes, how: `first byte ${bytes[0]?.toString(16)}` };
    case 5:
      return { bytes: Buffer.concat([bytes, random.bytes(random.int(1, 512))]), how: 'random bytes appended' };
    case 6:
      return { bytes: random.bytes(random.int(1, 1024)), how: 'random bytes instead' };
    default:
      // A length prefix of a string inside the packet set past its end.
      if (bytes.length > 4) bytes.writeUInt16BE(random.pick([0xffff, 0x8000, Math.min(bytes.length, 0xffff)]), random.int(2, bytes.length - 2));
      return { bytes, how: `string length at ${at} corrupted` };
  }
}

function splitRandomly(bytes: Buffer, random: Random): Buffer[] {
  if (bytes.length < 2 || random.chance(0.6)) return [bytes];
  const at = random.int(1, bytes.length - 1);
  return [bytes.subarray(0, at), bytes.subarray(at)];
}

/**
 * A CONNECT (with a real token, or a bad one) and a few packets after it, generated valid by
 * mqtt-packet and then, most of the time, one of them damaged; sometimes no CONNECT at all.
 */
export function mqttCase(random: Random, tokens: { valid: string; droneId: string }): MqttCase {
  const validToken = random.chance(0.7);
  const version = random.chance(0.85) ? 4 : random.pick([3, 5] as const);
  const packets: Packet[] = [];
  const opensWithConnect = random.chance(0.9);
  if (opensWithConnect) packets.push(connect(random, validToken ? tokens.valid : random.text(random.int(0, 300)), version));
  const mutate = random.chance(0.8);
  // Half the valid sequences are a CONNECT alone, whose CONNACK is certain (see below).
  const more = !mutate && random.chance(0.5) ? 0 : random.int(0, 4);
  for (let i = 0; i < more; i++) packets.push(afterConnect(random, tokens.droneId));
  let encoded: Buffer[];
  try {
    encoded = packets.map((packet) => generate(packet, { protocolVersion: version }));
  } catch {
    // mqtt-packet refuses some combinations itself (e.g. an empty topic): send random bytes instead.
    encoded = [random.bytes(random.int(1, 256))];
  }
  const first = packets[0];
  const summary = `${packets.map((p) => p.cmd).join(',')}${first?.cmd === 'connect' ? ` [client "${first.clientId}", keepalive ${first.keepalive}${first.will ? ', will' : ''}]` : ''}`;
  if (!mutate) {
    // Only a CONNECT alone is sure of its CONNACK: packets right behind it may be over the size limit,
    // or (after a refused CONNECT) closed without one, which MQTT 3.1.1 allows (3.2.2.3).
    // (A CONNECT alone that came from afterConnect carries no token at all: judged like any other.)
    const connectOnly = opensWithConnect && packets.length === 1 && version === 4;
    const expect: MqttExpectation = !connectOnly ? 'nothing' : validToken ? 'connack-accepted' : 'connack-refused';
    return { chunks: encoded.flatMap((bytes) => splitRandomly(bytes, random)), expect, description: `${summary} (v${version}, ${validToken ? 'valid' : 'bad'} token)` };
  }
  const target = random.int(0, encoded.length - 1);
  const damaged = damage(encoded[target] ?? Buffer.alloc(0), random);
  encoded[target] = damaged.bytes;
  const chunks = encoded.flatMap((bytes) => splitRandomly(bytes, random)).filter((chunk) => chunk.length > 0);
  return { chunks, expect: 'nothing', description: `${summary} (v${version}), packet ${target}: ${damaged.how}; bytes ${Buffer.concat(chunks).subarray(0, 48).toString('hex')}` };
}
