import { createHash, createHmac, randomBytes } from 'node:crypto';

/**
 * Just enough STUN (RFC 5389) and TURN (RFC 5766) message encoding for the launcher to see
 * coturn answer and for tests to drive an Allocate with a chosen credential.
 */
export const magicCookie = 0x2112a442;

export const stunMethod = { binding: 0x001, allocate: 0x003, refresh: 0x004, createPermission: 0x008 } as const;
export const stunClass = { request: 0x000, success: 0x100, error: 0x110 } as const;

export const stunAttribute = {
  username: 0x0006,
  messageIntegrity: 0x0008,
  errorCode: 0x0009,
  lifetime: 0x000d,
  realm: 0x0014,
  nonce: 0x0015,
  xorPeerAddress: 0x0012,
  xorRelayedAddress: 0x0016,
  requestedTransport: 0x0019,
  xorMappedAddress: 0x0020,
} as const;

export interface StunAttribute {
  type: number;
  value: Buffer;
}

export interface StunMessage {
  /** Method and class combined, e.g. 0x0003 Allocate request, 0x0113 Allocate error response. */
  type: number;
  transactionId: Buffer;
  attributes: StunAttribute[];
}

export function newStunMessage(method: number, attributes: StunAttribute[] = []): StunMessage {
  return { type: method | stunClass.request, transactionId: randomBytes(12), attributes };
}

export function textAttribute(type: number, text: string): StunAttribute {
  return { type, value: Buffer.from(text, 'utf8') };
}

/** REQUESTED-TRANSPORT: UDP (17), the only one TURN allocations carry to WebRTC peers. */
export function udpTransportAttribute(): StunAttribute {
  return { type: stunAttribute.requestedTransport, value: Buffer.from([17, 0, 0, 0]) };
}

export function lifetimeAttribute(seconds: number): StunAttribute {
  const value = Buffer.alloc(4);
  value.writeUInt32BE(seconds);
  return { type: stunAttribute.lifetime, value };
}

/** The long-term credential key: MD5(username ":" realm ":" password). */
export function longTermKey(username: string, realm: string, password: string): Buffer {
  return createHash('md5').update(`${username}:${realm}:${password}`).digest();
}

const padded = (length: number): number => (length + 3) & ~3;

/** Serializes; with a key, appends MESSAGE-INTEGRITY (HMAC-SHA1 over everything before it). */
export function encodeStun(message: StunMessage, integrityKey?: Buffer): Buffer {
  const parts = message.attributes.map(({ type, value }) => {
    const attribute = Buffer.alloc(4 + padded(value.length));
    attribute.writeUInt16BE(type, 0);
    attribute.writeUInt16BE(value.length, 2);
    value.copy(attribute, 4);
    return attribute;
  });
  const body = Buffer.concat(parts);
  const header = Buffer.alloc(20);
  header.writeUInt16BE(message.type, 0);
  header.writeUInt32BE(magicCookie, 4);
  message.transactionId.copy(header, 8);
  if (!integrityKey) {
    header.writeUInt16BE(body.length, 2);
    return Buffer.concat([header, body]);
  }
  // The length field already counts the 24-byte MESSAGE-INTEGRITY attribute when the HMAC is taken.
  header.writeUInt16BE(body.length + 24, 2);
  const hmac = createHmac('sha1', integrityKey).update(Buffer.concat([header, body])).digest();
  const integrity = Buffer.alloc(24);
  integrity.writeUInt16BE(stunAttribute.messageIntegrity, 0);
  integrity.writeUInt16BE(20, 2);
  hmac.copy(integrity, 4);
  return Buffer.concat([header, body, integrity]);
}

export function decodeStun(packet: Buffer): StunMessage | undefined {
  if (packet.length < 20 || packet.readUInt32BE(4) !== magicCookie) return undefined;
  const length = packet.readUInt16BE(2);
  if (20 + length > packet.length) return undefined;
  const attributes: StunAttribute[] = [];
  for (let offset = 20; offset + 4 <= 20 + length; ) {
    const type = packet.readUInt16BE(offset);
    const size = packet.readUInt16BE(offset + 2);
    attributes.push({ type, value: packet.subarray(offset + 4, offset + 4 + size) });
    offset += 4 + padded(size);
  }
  return { type: packet.readUInt16BE(0), transactionId: packet.subarray(8, 20), attributes };
}

export function attributeText(message: StunMessage, type: number): string | undefined {
  return message.attributes.find((a) => a.type === type)?.value.toString('utf8');
}

export function errorCodeOf(message: StunMessage): { code: number; reason: string } | undefined {
  const value = message.attributes.find((a) => a.type === stunAttribute.errorCode)?.value;
  if (!value || value.length < 4) return undefined;
  return { code: (value[2]! & 0x7) * 100 + value[3]!, reason: value.subarray(4).toString('utf8') };
}

/** XOR-MAPPED-ADDRESS / XOR-RELAYED-ADDRESS (IPv4) as address and port. */
export function xorAddressOf(message: StunMessage, type: number): { address: string; port: number } | undefined {
  const value = message.attributes.find((a) => a.type === type)?.value;
  if (!value || value.length < 8 || value[1] !== 0x01) return undefined;
  const port = value.readUInt16BE(2) ^ (magicCookie >>> 16);
  const raw = (value.readUInt32BE(4) ^ magicCookie) >>> 0;
  return { address: [raw >>> 24, (raw >>> 16) & 0xff, (raw >>> 8) & 0xff, raw & 0xff].join('.'), port };
}

/** An IPv4 address and port, XOR-encoded as STUN carries them (XOR-PEER-ADDRESS and the like). */
export function xorAddressAttribute(type: number, address: string, port: number): StunAttribute {
  const value = Buffer.alloc(8);
  value[1] = 0x01;
  value.writeUInt16BE(port ^ (magicCookie >>> 16), 2);
  const raw = address.split('.').reduce((sum, octet) => sum * 256 + Number(octet), 0);
  value.writeUInt32BE((raw ^ magicCookie) >>> 0, 4);
  return { type, value };
}

export function isResponseTo(response: StunMessage, request: StunMessage): boolean {
  return response.transactionId.equals(request.transactionId) && (response.type & ~0x110) === (request.type & ~0x110);
}
