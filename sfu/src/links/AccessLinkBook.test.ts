import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { accessTokenRefusals, ProtocolError } from '@dronecast/protocol';
import { TokenIssuer } from '../auth/TokenIssuer.ts';
import { AccessLinkBook } from './AccessLinkBook.ts';
import { parseLinkConfig } from './LinkConfig.ts';

function setUp() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dronecast-links-'));
  let now = 1_800_000_000_000;
  const clock = { now: () => now, advance: (ms: number) => (now += ms) };
  const tokens = new TokenIssuer(randomBytes(32), clock.now);
  const book = new AccessLinkBook(dir, tokens, clock.now);
  tokens.isRevoked = (subject) => book.isRevoked(subject);
  return { dir, clock, tokens, book };
}

function refusalOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof ProtocolError) return error.message;
  }
  return 'accepted';
}

describe('AccessLinkBook: a link per person', () => {
  it('issues a token that names the person, expires, and is listed for its drone only', () => {
    const { tokens, book } = setUp();
    const { link, token } = book.issue('drone1', 'viewer', 'Alice', 24);
    expect(tokens.verify(token)).toMatchObject({ role: 'viewer', drone: 'drone1', sub: link.id, name: 'Alice', exp: Math.floor(link.expiresAt / 1000) });
    book.issue('drone2', 'pilot', 'Bob', 1);
    expect(book.list('drone1').map((l) => l.name)).toEqual(['Alice']);
    expect(link).toMatchObject({ role: 'viewer', revokedAt: null });
  });

  it('refuses an expired link and a revoked one, each with its own words; other links still work', () => {
    const { clock, tokens, book } = setUp();
    const alice = book.issue('drone1', 'viewer', 'Alice', 1);
    const bob = book.issue('drone1', 'pilot', 'Bob', 48);
    book.revoke('drone1', bob.link.id);
    expect(refusalOf(() => tokens.verify(bob.token))).toBe(accessTokenRefusals.revoked);
    expect(refusalOf(() => tokens.verify(alice.token))).toBe('accepted');
    clock.advance(3600_000);
    expect(refusalOf(() => tokens.verify(alice.token))).toBe(accessTokenRefusals.expired);
    expect(book.list('drone1').find((l) => l.id === bob.link.id)?.revokedAt).toBe(clock.now() - 3600_000);
  });

  it('shares its file with npm run link: links issued by another process are listed, revocations survive a restart', () => {
    const { dir, tokens, book, clock } = setUp();
    const fromCli = new AccessLinkBook(dir, tokens, clock.now).issue('drone1', 'viewer', 'Carol', 2);
    expect(book.list('drone1').map((l) => l.id)).toContain(fromCli.link.id);
    book.revoke('drone1', fromCli.link.id);
    expect(new AccessLinkBook(dir, tokens, clock.now).isRevoked(fromCli.link.id)).toBe(true);
    expect(fs.statSync(path.join(dir, 'links.json')).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('refuses a link another host revoked, which its own file never had, and lists it for the next host', () => {
    const { tokens, book } = setUp();
    const elsewhere = setUp();
    // Both hosts sign with one secret in real life; here the other host's token is checked by its own issuer.
    const cleo = elsewhere.book.issue('drone1', 'viewer', 'Cleo', 24);
    elsewhere.book.revoke('drone1', cleo.link.id);
    expect(book.revokedElsewhere(cleo.link.id)).toBe(true);
    expect(book.revokedElsewhere(cleo.link.id)).toBe(false);
    expect(book.isRevoked(cleo.link.id)).toBe(true);
    expect(book.list('drone1')).toEqual([]);
    expect(book.revokedIds()).toEqual([cleo.link.id]);
    const dan = book.issue('drone1', 'viewer', 'Dan', 24);
    expect(refusalOf(() => tokens.verify(dan.token))).toBe('accepted');
  });

  it('refuses to revoke a link of another drone or one it never issued', () => {
    const { book } = setUp();
    const alice = book.issue('drone1', 'viewer', 'Alice', 1);
    expect(() => book.revoke('drone2', alice.link.id)).toThrow(/no access link/);
    expect(() => book.revoke('drone1', 'link-AAAAAAAAAAAAAAAA')).toThrow(/no access link/);
  });

  it('says so when its file is not a links file, rather than losing it', () => {
    const { dir, tokens } = setUp();
    fs.writeFileSync(path.join(dir, 'links.json'), '{"links": 5}');
    expect(() => new AccessLinkBook(dir, tokens)).toThrow(/not a dronecast links file/);
  });
});

describe('npm run link flags', () => {
  it('needs a name, reads lifetimes like 90m, 24h, 7d, and refuses more than 90 days', () => {
    expect(parseLinkConfig(['--name', 'Alice', '--ttl', '90m', '--public-host', '10.0.0.5'])).toMatchObject({ name: 'Alice', ttlHours: 1.5, role: 'viewer', origin: 'https://10.0.0.5:8443' });
    expect(parseLinkConfig(['--name', 'Bob', '--role', 'pilot', '--ttl', '7d'])).toMatchObject({ role: 'pilot', ttlHours: 168 });
    expect(() => parseLinkConfig(['--ttl', '24h'])).toThrow(/say who the link is for/);
    expect(() => parseLinkConfig(['--name', 'X', '--ttl', '91d'])).toThrow(/--ttl/);
    expect(() => parseLinkConfig(['--name', 'X', '--role', 'console'])).toThrow();
  });
});
