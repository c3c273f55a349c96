/** An MQTT fixed header: the packet type byte and the remaining length in MQTT's variable-length encoding. */
export function mqttFixedHeader(type: number, remaining: number): Buffer {
  const bytes = [type];
  do {
    let byte = remaining % 128;
    remaining = Math.floor(remaining / 128);
    if (remaining > 0) byte |= 0x80;
    bytes.push(byte);
  } while (remaining > 0);
  return Buffer.from(bytes);
}
