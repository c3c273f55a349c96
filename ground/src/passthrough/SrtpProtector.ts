import { createCipheriv, createHmac } from 'node:crypto';

/**
 * SRTP for one outgoing RTP stream, AES_CM_128_HMAC_SHA1_80 (RFC 3711), the suite mediasoup's
 * plain transport is opened with. Node's crypto does the AES and the HMAC; this is only the
 * packet layout around them. The key derivation rate is 0: session keys are derived once.
 */
export class SrtpProtector {
  private readonly cipherKey: Buffer;
  private readonly cipherSalt: Buffer;
  private readonly authKey: Buffer;
  /** Rollover counter: how many times the 16-bit sequence number has wrapped. */
  private rollover = 0;
  private lastSequence: number | undefined;

  /** `masterKeyAndSalt`: the 16-byte master key then the 14-byte master salt (30 bytes). */
  constructor(masterKeyAndSalt: Uint8Array) {
    if (masterKeyAndSalt.length !== 30) throw new Error('an AES_CM_128_HMAC_SHA1_80 master key and salt are 30 bytes');
    const masterKey = Buffer.from(masterKeyAndSalt.subarray(0, 16));
    const masterSalt = Buffer.from(masterKeyAndSalt.subarray(16));
    this.cipherKey = deriveSessionKey(masterKey, masterSalt, 0x00, 16);
    this.authKey = deriveSessionKey(masterKey, masterSalt, 0x01, 20);
    this.cipherSalt = deriveSessionKey(masterKey, masterSalt, 0x02, 14);
  }

  /** The session keys, for tests against RFC 3711's vectors. */
  get sessionKeys(): { cipherKey: Buffer; cipherSalt: Buffer; authKey: Buffer } {
    return { cipherKey: this.cipherKey, cipherSalt: this.cipherSalt, authKey: this.authKey };
  }

  /**
   * Encrypts `packet` (an RTP packet whose header, extensions included, is `headerLength` bytes)
   * and returns it with its 10-byte authentication tag. Packets must come in sequence order, as
   * a sender makes them: the rollover counter follows each wrap of the sequence number.
   */
  protect(packet: Uint8Array, headerLength: number): Buffer {
    const sequence = (packet[2]! << 8) | packet[3]!;
    const ssrc = Buffer.from(packet.buffer, packet.byteOffset + 8, 4).readUInt32BE(0);
    if (this.lastSequence !== undefined && sequence < this.lastSequence && this.lastSequence - sequence > 0x8000) this.rollover = (this.rollover + 1) >>> 0;
    this.lastSequence = sequence;

    const iv = Buffer.alloc(16);
    this.cipherSalt.copy(iv, 0);
    // IV = salt·2^16 XOR SSRC·2^64 XOR index·2^16, index = ROC·2^16 + SEQ (48 bits).
    iv.writeUInt32BE((iv.readUInt32BE(4) ^ ssrc) >>> 0, 4);
    iv.writeUInt32BE((iv.readUInt32BE(8) ^ this.rollover) >>> 0, 8);
    iv.writeUInt16BE(iv.readUInt16BE(12) ^ sequence, 12);

    const out = Buffer.alloc(packet.length + 10);
    out.set(packet.subarray(0, headerLength), 0);
    const cipher = createCipheriv('aes-128-ctr', this.cipherKey, iv);
    const encrypted = cipher.update(packet.subarray(headerLength));
    encrypted.copy(out, headerLength);
    const roc = Buffer.alloc(4);
    roc.writeUInt32BE(this.rollover, 0);
    const tag = createHmac('sha1', this.authKey).update(out.subarray(0, packet.length)).update(roc).digest();
    tag.copy(out, packet.length, 0, 10);
    return out;
  }
}

/** RFC 3711 4.3.1 with kdr = 0: AES-CM keystream of the master key at IV = (salt XOR label·2^48)·2^16. */
function deriveSessionKey(masterKey: Buffer, masterSalt: Buffer, label: number, length: number): Buffer {
  const iv = Buffer.alloc(16);
  masterSalt.copy(iv, 0);
  iv[7]! ^= label;
  const cipher = createCipheriv('aes-128-ctr', masterKey, iv);
  return cipher.update(Buffer.alloc(length));
}
