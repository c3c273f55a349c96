import { z } from 'zod';

/**
 * Access links for people: each link names one person, has its own expiry, and can be revoked
 * alone (its holder's sockets drop at once). The token in a link carries the link's id as its
 * subject, its name and its expiry (see accessToken.ts).
 */
export const linkRoles = ['pilot', 'viewer'] as const;
export const linkRoleSchema = z.enum(linkRoles);
export type LinkRole = z.infer<typeof linkRoleSchema>;

/** A link's id is its token's subject: "link-" and 16 base64url characters. */
export const linkIdSchema = z.string().regex(/^link-[A-Za-z0-9_-]{16}$/, 'a link id is "link-" and 16 letters, digits, - or _');
export const linkNameSchema = z.string().trim().min(1, 'give the link a name (who it is for)').max(64);

/** Longest a link may live: a season of flying, not forever. */
export const maxLinkTtlHours = 24 * 90;

export const accessLinkSchema = z.object({
  id: linkIdSchema,
  role: linkRoleSchema,
  name: linkNameSchema,
  /** Epoch ms. */
  issuedAt: z.number(),
  expiresAt: z.number(),
  /** Epoch ms it was revoked, or null. */
  revokedAt: z.number().nullable(),
});
export type AccessLink = z.infer<typeof accessLinkSchema>;

export const issueLinkRequest = z.strictObject({
  role: linkRoleSchema,
  name: linkNameSchema,
  ttlHours: z.number().positive().max(maxLinkTtlHours).default(24),
});
export const revokeLinkRequest = z.strictObject({ id: linkIdSchema });
export const accessLinksSchema = z.object({ links: z.array(accessLinkSchema).max(10_000) });
export type AccessLinks = z.infer<typeof accessLinksSchema>;

/** The issued link, its token and the phone link with it (shown once: the server keeps only the link's record). */
export interface IssuedLink {
  link: AccessLink;
  token: string;
  url: string;
}

/** "24h", "90m", "7d" -> hours; undefined for anything else. */
export function parseLinkTtl(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)([mhd])$/.exec(text.trim());
  if (!match) return undefined;
  const value = Number(match[1]);
  const hours = match[2] === 'm' ? value / 60 : match[2] === 'd' ? value * 24 : value;
  return hours > 0 && hours <= maxLinkTtlHours ? hours : undefined;
}
