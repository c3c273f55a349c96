import { describe, expect, it } from 'vitest';
import type { AccessLink } from '@dronecast/protocol';
import { accessLinkRows, expiresInText, linkStanding } from './accessLinkRows.ts';

const minute = 60_000;
const hour = 60 * minute;
const now = 1_000 * hour;

const link = (name: string, change: Partial<AccessLink> = {}): AccessLink => ({
  id: `link-${name.padEnd(16, 'x').slice(0, 16)}`,
  role: 'viewer',
  name,
  issuedAt: now - hour,
  expiresAt: now + hour,
  revokedAt: null,
  ...change,
});

describe('how long a link has left', () => {
  it('says minutes under two hours, hours under two days, then days', () => {
    expect(expiresInText(30_000)).toBe('expires in less than a minute');
    expect(expiresInText(59 * minute + 30_000)).toBe('expires in 60 min');
    expect(expiresInText(60 * minute + 5_000)).toBe('expires in 60 min');
    expect(expiresInText(89_000)).toBe('expires in 1 min');
    expect(expiresInText(119 * minute)).toBe('expires in 119 min');
    expect(expiresInText(2 * hour)).toBe('expires in 2 hours');
    expect(expiresInText(24 * hour - 5_000)).toBe('expires in 24 hours');
    expect(expiresInText(7 * 24 * hour - 5_000)).toBe('expires in 7 days');
  });
});

describe('whether a link still lets its holder in', () => {
  it('is active until it expires or is revoked, and revoked says what the operator did', () => {
    expect(linkStanding(link('a'), now)).toBe('active');
    expect(linkStanding(link('a', { expiresAt: now }), now)).toBe('expired');
    expect(linkStanding(link('a', { revokedAt: now - minute }), now)).toBe('revoked');
    expect(linkStanding(link('a', { revokedAt: now - hour, expiresAt: now - minute }), now)).toBe('revoked');
  });
});

describe('the list of links', () => {
  it('shows the ones that let someone in first, newest first, then those that ended, latest first', () => {
    const rows = accessLinkRows(
      [
        link('old-active', { issuedAt: now - 5 * hour, expiresAt: now + 20 * hour }),
        link('expired-long-ago', { expiresAt: now - 10 * hour }),
        link('new-active', { issuedAt: now - minute, role: 'pilot', expiresAt: now + 30 * minute }),
        link('revoked-just-now', { revokedAt: now - minute }),
      ],
      now,
    );
    expect(rows.map((r) => [r.name, r.roleName, r.standing, r.standingText])).toEqual([
      ['new-active', 'Pilot', 'active', 'expires in 30 min'],
      ['old-active', 'Viewer', 'active', 'expires in 20 hours'],
      ['revoked-just-now', 'Viewer', 'revoked', 'revoked'],
      ['expired-long-ago', 'Viewer', 'expired', 'expired'],
    ]);
  });

  it('follows the clock: an active link becomes expired when its time is up', () => {
    const alice = link('Alice', { expiresAt: now + minute });
    expect(accessLinkRows([alice], now)[0]).toMatchObject({ standing: 'active', standingText: 'expires in 1 min' });
    expect(accessLinkRows([alice], now + minute)[0]).toMatchObject({ standing: 'expired', standingText: 'expired' });
  });
});
