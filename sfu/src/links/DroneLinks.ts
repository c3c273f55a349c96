import { ProtocolError, type AccessLink, type AccessLinks, type IssuedLink, type ParsedRequest, type Role } from '@dronecast/protocol';
import type { AccessLinkBook } from './AccessLinkBook.ts';

export interface LinkDesk {
  book: AccessLinkBook;
  /** Where phones reach this SFU (https://host:port): the links point there. */
  publicOrigin: string;
  /** Drops every connection of a link (signaling, frames, MQTT), telling why. */
  dropHolder(linkId: string, reason: string): void;
}

const revokedReason = 'the ground station revoked this link';

/** One drone's people's links, for its console: list, issue, revoke. */
export class DroneLinks {
  constructor(
    private readonly droneId: string,
    private readonly desk: LinkDesk,
    private readonly announce: (links: AccessLinks) => void,
  ) {}

  list(requester: { role: Role }): AccessLinks {
    assertConsole(requester, 'see the access links');
    return { links: this.desk.book.list(this.droneId) };
  }

  issue(requester: { role: Role }, { role, name, ttlHours }: ParsedRequest<'links:issue'>): IssuedLink {
    assertConsole(requester, 'issue access links');
    const { link, token } = this.desk.book.issue(this.droneId, role, name, ttlHours);
    this.announceAll();
    return { link, token, url: `${this.desk.publicOrigin}/?token=${token}` };
  }

  revoke(requester: { role: Role }, { id }: ParsedRequest<'links:revoke'>): { link: AccessLink } {
    assertConsole(requester, 'revoke access links');
    const link = this.desk.book.revoke(this.droneId, id);
    this.desk.dropHolder(id, revokedReason);
    this.announceAll();
    return { link };
  }

  private announceAll(): void {
    this.announce({ links: this.desk.book.list(this.droneId) });
  }
}

function assertConsole(requester: { role: Role }, what: string): void {
  if (requester.role !== 'console') throw new ProtocolError('FORBIDDEN', `a ${requester.role} cannot ${what} (the ground console can)`);
}
