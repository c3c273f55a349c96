import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { RtspAuthorization } from './RtspAuthorization.ts';

const md5 = (text: string): string => createHash('md5').update(text).digest('hex');

/** The fields of a Digest Authorization header, quotes removed. */
function digestFields(header: string): Record<string, string> {
  expect(header.startsWith('Digest ')).toBe(true);
  return Object.fromEntries([...header.slice('Digest '.length).matchAll(/(\w+)=(?:"([^"]*)"|([^,\s]*))/g)].map((m) => [m[1]!, m[2] ?? m[3] ?? '']));
}

// RFC 2617 §3.5.
const mufasa = { username: 'Mufasa', password: 'Circle Of Life' };
const rfc2617Challenge =
  'Digest realm="testrealm@host.com", qop="auth,auth-int", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41"';

describe('RtspAuthorization with Digest', () => {
  it('answers the RFC 2617 example with its response', () => {
    const authorization = RtspAuthorization.answer([rfc2617Challenge], mufasa, () => '0a4f113b');
    const fields = digestFields(authorization!.header('GET', '/dir/index.html'));
    expect(fields).toEqual({
      username: 'Mufasa',
      realm: 'testrealm@host.com',
      nonce: 'dcd98b7102dd2f0e8b11d0f600bfb0c093',
      uri: '/dir/index.html',
      qop: 'auth',
      nc: '00000001',
      cnonce: '0a4f113b',
      response: '6629fae49393a05397450978507c4ef1',
      opaque: '5ccc069c403ebaf9f0171e9517f40e41',
    });
  });

  it('counts the nonce up on every header, with a fresh cnonce each time', () => {
    const cnonces = ['0a4f113b', 'ffff0001'];
    const authorization = RtspAuthorization.answer([rfc2617Challenge], mufasa, () => cnonces.shift()!)!;
    authorization.header('GET', '/dir/index.html');
    const second = digestFields(authorization.header('GET', '/dir/index.html'));
    expect(second.nc).toBe('00000002');
    expect(second.cnonce).toBe('ffff0001');
    const ha1 = md5('Mufasa:testrealm@host.com:Circle Of Life');
    const ha2 = md5('GET:/dir/index.html');
    expect(second.response).toBe(md5(`${ha1}:dcd98b7102dd2f0e8b11d0f600bfb0c093:00000002:ffff0001:auth:${ha2}`));
  });

  it('writes nc in hexadecimal, eight digits', () => {
    const authorization = RtspAuthorization.answer([rfc2617Challenge], mufasa, () => 'c')!;
    for (let i = 0; i < 9; i++) authorization.header('OPTIONS', 'rtsp://cam/live');
    expect(digestFields(authorization.header('OPTIONS', 'rtsp://cam/live')).nc).toBe('0000000a');
  });

  it('answers a challenge without qop in the RFC 2069 form, without qop, nc, cnonce or opaque', () => {
    const challenge = 'Digest realm="IP Camera(21388)", nonce="6b5f2d5a9f3e4c1a", stale="FALSE"';
    const authorization = RtspAuthorization.answer([challenge], { username: 'admin', password: 'pa55' }, () => {
      throw new Error('no cnonce is needed without qop');
    });
    const uri = 'rtsp://192.168.1.10:554/Streaming/Channels/101';
    const fields = digestFields(authorization!.header('DESCRIBE', uri));
    const expected = md5(`${md5('admin:IP Camera(21388):pa55')}:6b5f2d5a9f3e4c1a:${md5(`DESCRIBE:${uri}`)}`);
    expect(fields).toEqual({ username: 'admin', realm: 'IP Camera(21388)', nonce: '6b5f2d5a9f3e4c1a', uri, response: expected });
  });

  it('takes the method of each request into the response', () => {
    const authorization = RtspAuthorization.answer(['Digest realm="r", nonce="n"'], mufasa)!;
    const describe = digestFields(authorization.header('DESCRIBE', 'rtsp://cam/live')).response;
    const setup = digestFields(authorization.header('SETUP', 'rtsp://cam/live')).response;
    expect(describe).not.toBe(setup);
  });

  it('reads unquoted parameters, commas inside quotes and any case of the scheme and algorithm', () => {
    const authorization = RtspAuthorization.answer(['DIGEST realm="a, b", nonce=abc123, algorithm=md5'], mufasa)!;
    const fields = digestFields(authorization.header('PLAY', 'rtsp://cam/live/'));
    expect(fields.realm).toBe('a, b');
    expect(fields.nonce).toBe('abc123');
    expect(fields.response).toBe(md5(`${md5('Mufasa:a, b:Circle Of Life')}:abc123:${md5('PLAY:rtsp://cam/live/')}`));
  });

  it('prefers Digest to Basic, in whichever order the camera offers them', () => {
    const basic = 'Basic realm="cam"';
    const digest = 'Digest realm="cam", nonce="n1"';
    expect(RtspAuthorization.answer([basic, digest], mufasa)!.header('OPTIONS', 'rtsp://cam/')).toMatch(/^Digest /);
    expect(RtspAuthorization.answer([digest, basic], mufasa)!.header('OPTIONS', 'rtsp://cam/')).toMatch(/^Digest /);
  });

  it('falls back to Basic when the Digest offered cannot be answered', () => {
    const answer = RtspAuthorization.answer(['Digest realm="cam", nonce="n", algorithm=SHA-256', 'Basic realm="cam"'], mufasa);
    expect(answer!.header('OPTIONS', 'rtsp://cam/')).toMatch(/^Basic /);
  });
});

describe('RtspAuthorization with challenges it must not answer wrongly', () => {
  it('does not answer a Digest that asks only for qop=auth-int, which would be refused', () => {
    expect(RtspAuthorization.answer(['Digest realm="cam", nonce="n", qop="auth-int"'], mufasa)).toBeUndefined();
  });

  it('escapes quotes and backslashes in what it quotes back, and hashes the values unescaped', () => {
    const answer = RtspAuthorization.answer(['Digest realm="the \\"best\\" cam\\\\", nonce="n"'], { username: 'pi"lot', password: 'p' })!;
    const header = answer.header('DESCRIBE', 'rtsp://cam/live');
    expect(header).toContain('username="pi\\"lot"');
    expect(header).toContain('realm="the \\"best\\" cam\\\\"');
    const ha1 = md5('pi"lot:the "best" cam\\:p');
    expect(header).toContain(`response="${md5(`${ha1}:n:${md5('DESCRIBE:rtsp://cam/live')}`)}"`);
  });
});

describe('RtspAuthorization with Basic', () => {
  it('sends user:password in base64, the same for every request', () => {
    const authorization = RtspAuthorization.answer(['Basic realm="cam"'], { username: 'Aladdin', password: 'open sesame' })!;
    expect(authorization.header('DESCRIBE', 'rtsp://cam/a')).toBe('Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==');
    expect(authorization.header('PLAY', 'rtsp://cam/b')).toBe('Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==');
  });

  it('encodes a non-ASCII password as UTF-8', () => {
    const header = RtspAuthorization.answer(['Basic'], { username: 'admin', password: 'pässwörd' })!.header('OPTIONS', 'rtsp://cam/');
    expect(Buffer.from(header.slice('Basic '.length), 'base64').toString('utf8')).toBe('admin:pässwörd');
  });
});

describe('RtspAuthorization.answer', () => {
  it.each([
    ['a Digest in SHA-256 only', ['Digest realm="cam", nonce="n", algorithm=SHA-256, qop="auth"']],
    ['a Digest without a nonce', ['Digest realm="cam"']],
    ['an unknown scheme', ['Bearer realm="cam"']],
    ['NTLM and Negotiate', ['NTLM', 'Negotiate']],
    ['no challenge', []],
  ])('gives undefined for %s', (_, challenges) => {
    expect(RtspAuthorization.answer(challenges, mufasa)).toBeUndefined();
  });
});
