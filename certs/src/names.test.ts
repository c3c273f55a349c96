import { describe, expect, it } from 'vitest';
import { InvalidNameError, missingNames, parseName, requiredNames } from './names.ts';

describe('parseName', () => {
  it('treats IP addresses as IP entries in canonical form', () => {
    expect(parseName('192.168.1.20')).toEqual({ kind: 'IP', value: '192.168.1.20' });
    expect(parseName('[FD00:0::2]')).toEqual({ kind: 'IP', value: 'fd00::2' });
  });

  it('treats everything else as a lower-case DNS name', () => {
    expect(parseName(' Drone.Local. ')).toEqual({ kind: 'DNS', value: 'drone.local' });
    expect(parseName('*.example.test')).toEqual({ kind: 'DNS', value: '*.example.test' });
    expect(parseName('drøne.local')).toEqual({ kind: 'DNS', value: 'xn--drne-hra.local' });
  });

  it('rejects names that could smuggle text into the openssl config', () => {
    for (const bad of ['', 'a b', 'x\nDNS.2 = evil', 'a$b', 'a#b', 'fe80::1%eth0', '-lead.example']) {
      expect(() => parseName(bad)).toThrow(InvalidNameError);
    }
  });
});

describe('requiredNames', () => {
  it('lists loopback, LAN addresses and extras once each', () => {
    const names = requiredNames(['192.168.1.20'], ['LOCALHOST', '192.168.1.20', 'drone.local']);
    expect(names.map((name) => name.value)).toEqual(['localhost', '127.0.0.1', '::1', '192.168.1.20', 'drone.local']);
  });

  it('finds the names a certificate is missing', () => {
    const present = requiredNames([]);
    expect(missingNames(requiredNames(['10.0.0.2']), present)).toEqual([{ kind: 'IP', value: '10.0.0.2' }]);
  });
});
