import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { TurnIceServers } from './TurnIceServers.ts';
import { turnRestCredential } from './turnRestCredential.ts';

/** HMAC-SHA1 from its definition (RFC 2104) on plain SHA-1, so the test does not reuse createHmac. */
function hmacSha1(key: Buffer, message: Buffer): Buffer {
  const block = 64;
  const k = Buffer.alloc(block);
  (key.length > block ? createHash('sha1').update(key).digest() : key).copy(k);
  const pad = (byte: number) => Buffer.from(k.map((b) => b ^ byte));
  const inner = createHash('sha1').update(pad(0x36)).update(message).digest();
  return createHash('sha1').update(pad(0x5c)).update(inner).digest();
}

describe('HMAC-SHA1 reference used by these tests', () => {
  it('matches RFC 2202 test case 2', () => {
    expect(hmacSha1(Buffer.from('Jefe'), Buffer.from('what do ya want for nothing?')).toString('hex')).toBe(
      'effcdf6ae5eb2fa2d27416d5f184df9c259a7c79',
    );
  });
});

describe('TURN REST API credentials', () => {
  const secret = 'north-field-relay-secret-0123456789';
  const now = Date.UTC(2026, 10, 24, 5, 0, 0, 750); // 1795496400.75 s

  it('names the expiry and the peer in the username', () => {
    const { username, expiresAt } = turnRestCredential(secret, 'phone-7', now, 3600);
    expect(username).toBe('1795500000:phone-7');
    expect(expiresAt).toBe(1795500000 * 1000);
  });

  it('signs the username with the shared secret: base64(HMAC-SHA1(secret, username))', () => {
    const { username, credential } = turnRestCredential(secret, 'phone-7', now, 3600);
    expect(credential).toBe(hmacSha1(Buffer.from(secret), Buffer.from(username)).toString('base64'));
    expect(Buffer.from(credential, 'base64')).toHaveLength(20);
  });

  it('gives a different credential for another secret, peer or expiry', () => {
    const base = turnRestCredential(secret, 'phone-7', now, 3600).credential;
    expect(turnRestCredential(`${secret}x`, 'phone-7', now, 3600).credential).not.toBe(base);
    expect(turnRestCredential(secret, 'phone-8', now, 3600).credential).not.toBe(base);
    expect(turnRestCredential(secret, 'phone-7', now, 3601).credential).not.toBe(base);
  });

  it('mints a fresh credential per transport, so later transports get a later expiry', () => {
    let clock = now;
    const servers = new TurnIceServers({ urls: ['turn:127.0.0.1:3478?transport=udp', 'turn:127.0.0.1:3478?transport=tcp'], secret, ttlSeconds: 600, now: () => clock });
    const [first] = servers.forHolder('p1');
    clock += 3_600_000;
    const [later] = servers.forHolder('p1');
    expect(first?.urls).toEqual(['turn:127.0.0.1:3478?transport=udp', 'turn:127.0.0.1:3478?transport=tcp']);
    expect(first?.username).toBe('1795497000:p1');
    expect(later?.username).toBe('1795500600:p1');
    expect(later?.credential).toBe(hmacSha1(Buffer.from(secret), Buffer.from('1795500600:p1')).toString('base64'));
  });
});
