import type { X509Certificate } from 'node:crypto';
import { isIP, SocketAddress } from 'node:net';
import { domainToASCII } from 'node:url';

/** One subjectAltName entry, in canonical form so names from flags and from certificates compare equal. */
export interface SubjectName {
  kind: 'DNS' | 'IP';
  value: string;
}

export class InvalidNameError extends Error {
  constructor(name: string, reason: string) {
    super(`invalid certificate name ${JSON.stringify(name)}: ${reason}`);
    this.name = 'InvalidNameError';
  }
}

const DNS_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** Always covered: the ground station's own browser reaches the server over loopback. */
const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '::1'];

function canonicalIp(value: string): string | undefined {
  const version = isIP(value);
  if (version === 4) return value;
  if (version === 6) return new SocketAddress({ address: value, family: 'ipv6' }).address;
  return undefined;
}

function canonicalDnsName(raw: string): string {
  const trimmed = raw.replace(/\.$/, '');
  const wildcard = trimmed.startsWith('*.');
  const base = wildcard ? trimmed.slice(2) : trimmed;
  // domainToASCII parses URL syntax (it turns `a#b` into `a`), so refuse ASCII punctuation before it sees any.
  if (/[^A-Za-z0-9.\-\u{80}-\u{10FFFF}]/u.test(base)) throw new InvalidNameError(raw, 'not a valid host name');
  // IDNA conversion lets `--name drøne.local` work; the result is what a browser will compare against.
  const ascii = domainToASCII(base);
  if (ascii === '') throw new InvalidNameError(raw, 'not a valid host name');
  if (ascii.length > 253) throw new InvalidNameError(raw, 'longer than 253 characters');
  // Strict label check: names are written into an openssl config file, where other characters could inject directives.
  for (const label of ascii.split('.')) {
    if (!DNS_LABEL.test(label)) throw new InvalidNameError(raw, `bad label ${JSON.stringify(label)}`);
  }
  return wildcard ? `*.${ascii}` : ascii;
}

/** Accepts a host name or an IP address (v4 or v6) and returns it as a SAN entry. */
export function parseName(raw: string): SubjectName {
  const name = raw.trim();
  if (name === '') throw new InvalidNameError(raw, 'empty');
  if (name.includes('%')) throw new InvalidNameError(raw, 'IPv6 zone ids cannot appear in a certificate');
  const unbracketed = name.startsWith('[') && name.endsWith(']') ? name.slice(1, -1) : name;
  const ip = canonicalIp(unbracketed);
  if (ip !== undefined) return { kind: 'IP', value: ip };
  return { kind: 'DNS', value: canonicalDnsName(name) };
}

function nameKey(name: SubjectName): string {
  return `${name.kind}:${name.value}`;
}

export function uniqueNames(names: Iterable<SubjectName>): SubjectName[] {
  const byKey = new Map<string, SubjectName>();
  for (const name of names) if (!byKey.has(nameKey(name))) byKey.set(nameKey(name), name);
  return [...byKey.values()];
}

/** Loopback, every LAN IPv4 and the caller's extra names, in that order, without duplicates. */
export function requiredNames(lanAddresses: readonly string[], extraNames: readonly string[] = []): SubjectName[] {
  return uniqueNames([...LOOPBACK_NAMES, ...lanAddresses, ...extraNames].map(parseName));
}

// Node prints e.g. `DNS:localhost, IP Address:0:0:0:0:0:0:0:1` and JSON-quotes values that contain separators.
const SAN_ENTRY = /(?:^|, )([A-Za-z ]+):("(?:[^"\\]|\\.)*"|[^,]*)/g;

export function namesInCertificate(cert: X509Certificate): SubjectName[] {
  const names: SubjectName[] = [];
  for (const match of (cert.subjectAltName ?? '').matchAll(SAN_ENTRY)) {
    const [, type = '', rawValue = ''] = match;
    const value = rawValue.startsWith('"') ? (JSON.parse(rawValue) as string) : rawValue;
    if (type === 'DNS') names.push({ kind: 'DNS', value: value.toLowerCase() });
    if (type === 'IP Address') {
      const ip = canonicalIp(value);
      if (ip !== undefined) names.push({ kind: 'IP', value: ip });
    }
  }
  return names;
}

export function missingNames(required: readonly SubjectName[], present: readonly SubjectName[]): SubjectName[] {
  const presentKeys = new Set(present.map(nameKey));
  return required.filter((name) => !presentKeys.has(nameKey(name)));
}
