import type { AccessLink, LinkRole } from '@dronecast/protocol';

/** Whether a link still lets its holder in. Revoked wins over expired: it is what the operator did. */
export type AccessLinkStanding = 'active' | 'expired' | 'revoked';

export interface AccessLinkRow {
  id: string;
  /** Who the link is for. */
  name: string;
  role: LinkRole;
  roleName: string;
  standing: AccessLinkStanding;
  /** "expires in 59 min", "expired", "revoked". */
  standingText: string;
}

export const linkRoleNames: Record<LinkRole, string> = { viewer: 'Viewer', pilot: 'Pilot' };

/** What each role may do, for the issue form. */
export const linkRoleHints: Record<LinkRole, string> = {
  viewer: 'watches the video',
  pilot: 'can fly the drone',
};

/** The lifetimes the console offers; 24 hours is picked at first, as the server's own default. */
export const linkLifetimes = [
  { hours: 1, label: '1 hour' },
  { hours: 24, label: '24 hours' },
  { hours: 24 * 7, label: '7 days' },
  { hours: 24 * 30, label: '30 days' },
] as const;
export const defaultLinkLifetimeHours = 24;

const minute = 60_000;
const hour = 60 * minute;

/**
 * How long until a link expires, as the list says it: minutes under two hours, hours under two
 * days, then days, each to the nearest (a page's clock reads a few seconds behind, so a new
 * one-hour link says 60 min, not 61).
 */
export function expiresInText(remainingMs: number): string {
  if (remainingMs < minute) return 'expires in less than a minute';
  if (remainingMs < 2 * hour) return `expires in ${Math.round(remainingMs / minute)} min`;
  if (remainingMs < 48 * hour) return `expires in ${Math.round(remainingMs / hour)} hours`;
  return `expires in ${Math.round(remainingMs / (24 * hour))} days`;
}

/** `now` on the server's clock, like the links' times. */
export function linkStanding(link: AccessLink, now: number): AccessLinkStanding {
  if (link.revokedAt !== null) return 'revoked';
  return link.expiresAt <= now ? 'expired' : 'active';
}

/**
 * The drone's links as the console lists them: the ones that still let someone in first, newest
 * first; then the expired and revoked ones, the most recently ended first.
 */
export function accessLinkRows(links: readonly AccessLink[], now: number): AccessLinkRow[] {
  const endedAt = (link: AccessLink): number => Math.min(link.revokedAt ?? Infinity, link.expiresAt);
  const rows = links.map((link) => ({ link, standing: linkStanding(link, now) }));
  const active = rows.filter((r) => r.standing === 'active').sort((a, b) => b.link.issuedAt - a.link.issuedAt);
  const ended = rows.filter((r) => r.standing !== 'active').sort((a, b) => endedAt(b.link) - endedAt(a.link));
  return [...active, ...ended].map(({ link, standing }) => ({
    id: link.id,
    name: link.name,
    role: link.role,
    roleName: linkRoleNames[link.role],
    standing,
    standingText: standing === 'active' ? expiresInText(link.expiresAt - now) : standing,
  }));
}
