import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { accessLinkSchema, droneIdSchema, ProtocolError, type AccessLink, type LinkRole } from '@dronecast/protocol';
import type { TokenIssuer } from '../auth/TokenIssuer.ts';

const recordSchema = accessLinkSchema.extend({ drone: droneIdSchema });
type LinkRecord = z.infer<typeof recordSchema>;
const fileSchema = z.object({ links: z.array(recordSchema) });

/** Records of links long expired are dropped: the list stays about the people who fly now. */
const keepExpiredMs = 30 * 24 * 3600_000;

/**
 * The people's access links, in `<state dir>/links.json`, shared by the SFU and `npm run link`
 * (each writes the whole file by rename, so neither ever reads half of one). The SFU keeps the
 * revoked ids in memory, which its token check consults on every connection.
 */
export class AccessLinkBook {
  private readonly file: string;
  private revoked = new Set<string>();

  constructor(
    stateDir: string,
    private readonly tokens: TokenIssuer,
    private readonly now: () => number = () => Date.now(),
  ) {
    this.file = path.join(stateDir, 'links.json');
    this.revoked = new Set(this.read().filter((r) => r.revokedAt !== null).map((r) => r.id));
  }

  isRevoked(linkId: string): boolean {
    return this.revoked.has(linkId);
  }

  /** Every link refused as revoked: this book's and those heard of from other hosts. */
  revokedIds(): string[] {
    return [...this.revoked];
  }

  /**
   * A link another host revoked (its record is in that host's book): refused here too. Kept in
   * memory; a restarted host learns it again from the others. Says whether it was news.
   */
  revokedElsewhere(linkId: string): boolean {
    if (this.revoked.has(linkId)) return false;
    this.revoked.add(linkId);
    return true;
  }

  /** A new link for one person: its record is kept, its token is only returned. */
  issue(droneId: string, role: LinkRole, name: string, ttlHours: number): { link: AccessLink; token: string } {
    const issuedAt = this.now();
    const record: LinkRecord = {
      id: `link-${randomBytes(12).toString('base64url')}`,
      role,
      name,
      issuedAt,
      expiresAt: issuedAt + Math.round(ttlHours * 3600_000),
      revokedAt: null,
      drone: droneId,
    };
    this.write([...this.read(), record]);
    const token = this.tokens.issue(role, droneId, record.id, { exp: Math.floor(record.expiresAt / 1000), name });
    return { link: publicLink(record), token };
  }

  /** The drone's links, newest first (re-read: `npm run link` may have added some). */
  list(droneId: string): AccessLink[] {
    return this.read()
      .filter((r) => r.drone === droneId)
      .sort((a, b) => b.issuedAt - a.issuedAt)
      .map(publicLink);
  }

  revoke(droneId: string, linkId: string): AccessLink {
    const records = this.read();
    const record = records.find((r) => r.id === linkId && r.drone === droneId);
    if (!record) throw new ProtocolError('NOT_FOUND', `no access link ${linkId} for this drone`);
    if (record.revokedAt === null) {
      record.revokedAt = this.now();
      this.write(records);
    }
    this.revoked.add(record.id);
    return publicLink(record);
  }

  private read(): LinkRecord[] {
    let text: string;
    try {
      text = fs.readFileSync(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const parsed = fileSchema.safeParse(JSON.parse(text));
    if (!parsed.success) throw new Error(`${this.file} is not a dronecast links file; move it away to start a new one`);
    return parsed.data.links;
  }

  private write(records: LinkRecord[]): void {
    const now = this.now();
    const kept = records.filter((r) => r.expiresAt > now - keepExpiredMs || (r.revokedAt !== null && r.revokedAt > now - keepExpiredMs));
    fs.mkdirSync(path.dirname(this.file), { recursive: true, mode: 0o700 });
    const tmp = `${this.file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    fs.writeFileSync(tmp, `${JSON.stringify({ links: kept }, null, 2)}\n`, { mode: 0o600 });
    fs.renameSync(tmp, this.file);
  }
}

function publicLink({ drone: _drone, ...link }: LinkRecord): AccessLink {
  return link;
}
