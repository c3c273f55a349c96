/**
 * Sets one RFC 8285 one-byte header extension element in an RTP packet (replacing an element with
 * the same id), returning a new packet. A packet with two-byte extensions is returned unchanged:
 * mediasoup writes one-byte ones, and the element must fit 1–16 bytes.
 */
export function withOneByteExtension(packet: Buffer, id: number, value: Uint8Array): Buffer {
  if (packet.length < 12 || id < 1 || id > 14 || value.length < 1 || value.length > 16) return packet;
  const first = packet[0]!;
  const fixedEnd = 12 + (first & 0x0f) * 4;
  const elements: { id: number; data: Buffer }[] = [];
  let payloadStart = fixedEnd;
  if (first & 0x10) {
    if (packet.length < fixedEnd + 4) return packet;
    const profile = packet.readUInt16BE(fixedEnd);
    const words = packet.readUInt16BE(fixedEnd + 2);
    payloadStart = fixedEnd + 4 + words * 4;
    if (profile !== 0xbede || payloadStart > packet.length) return packet;
    for (let at = fixedEnd + 4; at < payloadStart; ) {
      const byte = packet[at]!;
      if (byte === 0) {
        at++; // padding
        continue;
      }
      const elementId = byte >> 4;
      if (elementId === 15) break; // reserved: the rest is not to be read
      const length = (byte & 0x0f) + 1;
      if (elementId !== id) elements.push({ id: elementId, data: packet.subarray(at + 1, at + 1 + length) });
      at += 1 + length;
    }
  }
  elements.push({ id, data: Buffer.from(value) });
  const bodyLength = elements.reduce((sum, e) => sum + 1 + e.data.length, 0);
  const words = Math.ceil(bodyLength / 4);
  const block = Buffer.alloc(4 + words * 4);
  block.writeUInt16BE(0xbede, 0);
  block.writeUInt16BE(words, 2);
  let at = 4;
  for (const element of elements) {
    block[at] = (element.id << 4) | (element.data.length - 1);
    element.data.copy(block, at + 1);
    at += 1 + element.data.length;
  }
  const out = Buffer.concat([packet.subarray(0, fixedEnd), block, packet.subarray(payloadStart)]);
  out[0] = first | 0x10;
  return out;
}
