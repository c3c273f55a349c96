import { createCipheriv, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SrtpProtector } from './SrtpProtector.ts';

// RFC 3711 appendix B.3: key derivation test vectors.
const masterKey = 'E1F97A0D3E018BE0D64FA32C06DE4139';
const masterSalt = '0EC675AD498AFEEBB6960B3AABE6';

function rtp(sequence: number, ssrc: number, payload: Buffer): Buffer {
  const header = Buffer.alloc(12);
  header[0] = 0x80;
  header[1] = 96;
  header.writeUInt16BE(sequence, 2);
  header.writeUInt32BE(123456, 4);
  header.writeUInt32BE(ssrc, 8);
  return Buffer.concat([header, payload]);
}

describe('SrtpProtector', () => {
  const protector = (): SrtpProtector => new SrtpProtector(Buffer.from(masterKey + masterSalt, 'hex'));

  it('derives the session keys of RFC 3711 B.3', () => {
    const { cipherKey, cipherSalt, authKey } = protector().sessionKeys;
    expect(cipherKey.toString('hex').toUpperCase()).toBe('C61E7A93744F39EE10734AFE3FF7A087');
    expect(cipherSalt.toString('hex').toUpperCase()).toBe('30CBBC08863D8C85D49DB34A9AE1');
    expect(authKey.toString('hex').toUpperCase()).toBe('CEBE321F6FF7716B6FD4AB49AF256A156D38BAA4');
  });

  it('keeps the header, encrypts the payload and appends a tag a receiver can check', () => {
    const srtp = protector();
    const payload = Buffer.from('a keyframe, or part of one');
    const packet = rtp(7, 0xdeadbeef, payload);
    const out = srtp.protect(packet, 12);
    expect(out.length).toBe(packet.length + 10);
    expect(out.subarray(0, 12)).toEqual(packet.subarray(0, 12));
    expect(out.subarray(12, packet.length)).not.toEqual(payload);

    // A receiver with the same session keys decrypts it and accepts its tag.
    const { cipherKey, cipherSalt, authKey } = srtp.sessionKeys;
    const tag = createHmac('sha1', authKey).update(out.subarray(0, packet.length)).update(Buffer.alloc(4)).digest().subarray(0, 10);
    expect(out.subarray(packet.length)).toEqual(tag);
    const iv = Buffer.alloc(16);
    cipherSalt.copy(iv);
    iv.writeUInt32BE((iv.readUInt32BE(4) ^ 0xdeadbeef) >>> 0, 4);
    iv.writeUInt16BE(iv.readUInt16BE(12) ^ 7, 12);
    const plain = createCipheriv('aes-128-ctr', cipherKey, iv).update(out.subarray(12, packet.length));
    expect(plain).toEqual(payload);
  });

  it('counts sequence wraps into the authenticated rollover counter', () => {
    const srtp = protector();
    srtp.protect(rtp(65535, 1, Buffer.from('x')), 12);
    const wrapped = srtp.protect(rtp(0, 1, Buffer.from('y')), 12);
    const roc = Buffer.from([0, 0, 0, 1]);
    const expected = createHmac('sha1', srtp.sessionKeys.authKey).update(wrapped.subarray(0, 13)).update(roc).digest().subarray(0, 10);
    expect(wrapped.subarray(13)).toEqual(expected);
  });
});
