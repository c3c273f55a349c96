import { describe, expect, it } from 'vitest';
import { isLoopbackAddress, isLoopbackHost, isOwnOrigin, loopbackRefusal } from './loopbackGuard.ts';

const fine = { remoteAddress: '127.0.0.1', host: '127.0.0.1:8090', origin: undefined };

describe('the console server answers this machine only', () => {
  it('knows loopback peers, also IPv4-mapped', () => {
    for (const address of ['127.0.0.1', '127.1.2.3', '::1', '::ffff:127.0.0.1']) expect(isLoopbackAddress(address), address).toBe(true);
    for (const address of ['192.168.1.5', '10.0.0.1', '::ffff:192.168.1.5', 'fe80::1', '0.0.0.0', '', undefined]) {
      expect(isLoopbackAddress(address), String(address)).toBe(false);
    }
  });

  it('accepts Host headers that name loopback on its own port, and nothing else', () => {
    for (const host of ['127.0.0.1:8090', 'localhost:8090', 'LOCALHOST:8090', '[::1]:8090', '127.0.0.2:8090']) expect(isLoopbackHost(host, 8090), host).toBe(true);
    for (const host of [
      'evil.example:8090', // DNS rebinding: the attacker's name resolving to 127.0.0.1
      'localhost.evil.example:8090',
      '127.0.0.1.nip.io:8090',
      '127.0.0.1:8091',
      '127.0.0.1', // port 80 implied
      '192.168.1.5:8090',
      '[::1]',
      '',
      undefined,
    ]) {
      expect(isLoopbackHost(host, 8090), String(host)).toBe(false);
    }
    expect(isLoopbackHost('localhost', 80)).toBe(true);
  });

  it('accepts only its own origin for requests a page sends', () => {
    expect(isOwnOrigin('http://127.0.0.1:8090', 8090)).toBe(true);
    expect(isOwnOrigin('http://localhost:8090', 8090)).toBe(true);
    for (const origin of ['https://127.0.0.1:8090', 'http://evil.example:8090', 'http://127.0.0.1:8443', 'null', 'file://', 'http://127.0.0.1:8090/path']) {
      expect(isOwnOrigin(origin, 8090), origin).toBe(false);
    }
  });

  it('says why it refuses, naming the address to use', () => {
    expect(loopbackRefusal(fine, 8090)).toBeNull();
    expect(loopbackRefusal({ ...fine, origin: 'http://localhost:8090' }, 8090)).toBeNull();
    expect(loopbackRefusal({ ...fine, remoteAddress: '192.168.1.5' }, 8090)).toMatch(/only answers this machine \(loopback\); 192\.168\.1\.5 is not/);
    expect(loopbackRefusal({ ...fine, host: 'evil.example:8090' }, 8090)).toMatch(/not "evil\.example:8090"\. Open http:\/\/127\.0\.0\.1:8090\/ground/);
    expect(loopbackRefusal({ ...fine, origin: 'https://evil.example' }, 8090)).toMatch(/refuses requests from other pages \(origin "https:\/\/evil\.example"\)/);
  });
});
