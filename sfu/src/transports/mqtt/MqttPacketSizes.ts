/**
 * Follows MQTT packet boundaries in the bytes a broker reads, from each fixed header's remaining
 * length, so a packet announced bigger than allowed is refused when its header arrives, before
 * the broker buffers any of it (a CONNECT announcing 256 MB otherwise sits in memory as it comes).
 */
export class MqttPacketSizes {
  private state: 'type' | 'length' | 'body' = 'type';
  private announced = 0;
  private lengthBytes = 0;
  private remaining = 0;

  /** `limit`: the largest remaining length allowed now (it may change once the client is known). */
  constructor(private readonly limit: () => number) {}

  /** Reads a chunk; returns the announced size of a packet over the limit (Infinity: a malformed length), or undefined. */
  feed(chunk: Uint8Array): number | undefined {
    let at = 0;
    while (at < chunk.length) {
      if (this.state === 'type') {
        at++;
        this.state = 'length';
        this.announced = 0;
        this.lengthBytes = 0;
        continue;
      }
      if (this.state === 'length') {
        const byte = chunk[at++]!;
        this.announced += (byte & 0x7f) * 128 ** this.lengthBytes++;
        if (byte & 0x80) {
          // MQTT's variable length has at most 4 bytes.
          if (this.lengthBytes >= 4) return Infinity;
          continue;
        }
        if (this.announced > this.limit()) return this.announced;
        this.remaining = this.announced;
        this.state = this.remaining > 0 ? 'body' : 'type';
        continue;
      }
      const take = Math.min(this.remaining, chunk.length - at);
      at += take;
      this.remaining -= take;
      if (this.remaining === 0) this.state = 'type';
    }
    return undefined;
  }
}
