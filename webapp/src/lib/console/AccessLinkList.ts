import { issueLinkRequest, type AccessLink, type LinkRole, type Welcome } from '@dronecast/protocol';
import { refusalReason } from '../capture/refusalReason.ts';
import { ObservableValue, type Observable } from '../observable.ts';
import type { Signaling } from '../session/SessionTypes.ts';

const requestTimeoutMs = 10_000;

/** A link just issued, with the address to hand its holder (the server never shows its token again). */
export interface IssuedAccessLink {
  link: AccessLink;
  url: string;
}

export interface AccessLinkListState {
  /** The drone's links as the server last told them; null until it first has this session. */
  links: readonly AccessLink[] | null;
  /** Why the links could not be listed, or null. */
  listError: string | null;
  /** A link on its way to being issued. */
  issuing: boolean;
  /** The last link issued, shown until dismissed or another is issued. */
  issued: IssuedAccessLink | null;
  /** Why the last link was not issued, or null. */
  issueError: string | null;
  /** The id of the link being revoked. */
  revoking: string | null;
  /** Why revoking a link was refused, or null. */
  revokeError: { id: string; message: string } | null;
}

export interface LinkOrder {
  name: string;
  role: LinkRole;
  ttlHours: number;
}

/**
 * The drone's access links, as the console manages them: listed afresh on every session (the
 * server's word, then `links:changed` on every change), issued one per person, revoked one by one.
 */
export class AccessLinkList {
  readonly #signaling: Signaling;
  readonly #state = new ObservableValue<AccessLinkListState>({
    links: null,
    listError: null,
    issuing: false,
    issued: null,
    issueError: null,
    revoking: null,
    revokeError: null,
  });
  readonly #unsubscribe: (() => void)[];
  #welcome: Welcome | null = null;
  /** Bumped by every list the server sends, so an older answer never replaces a newer one. */
  #version = 0;

  constructor(signaling: Signaling) {
    this.#signaling = signaling;
    this.#unsubscribe = [
      signaling.on('links:changed', ({ links }) => {
        this.#version++;
        this.#patch({ links, listError: null });
      }),
      signaling.status.subscribe(({ welcome }) => {
        if (welcome === this.#welcome) return;
        this.#welcome = welcome;
        if (welcome) void this.#list();
      }),
    ];
  }

  get state(): Observable<AccessLinkListState> {
    return this.#state;
  }

  /** Resolves true once issued (`state.issued` holds its address); false when invalid or refused (`state.issueError` says why). */
  async issue(order: LinkOrder): Promise<boolean> {
    if (this.#state.value.issuing) return false;
    // The contract's own rules (a name, a lifetime within bounds), so the form says what the server would.
    const request = issueLinkRequest.safeParse(order);
    if (!request.success) {
      this.#patch({ issueError: `Not issued: ${request.error.issues[0]?.message ?? 'the form is incomplete'}` });
      return false;
    }
    this.#patch({ issuing: true, issueError: null, issued: null });
    try {
      const { link, url } = await this.#signaling.request('links:issue', request.data, requestTimeoutMs);
      this.#patch({ issuing: false, issued: { link, url }, links: upsert(this.#state.value.links, link) });
      return true;
    } catch (error) {
      this.#patch({ issuing: false, issueError: `Not issued: ${refusalReason(error)}` });
      return false;
    }
  }

  /** Forgets the issued link's address (it is in the holder's hands now). */
  dismissIssued(): void {
    this.#patch({ issued: null });
  }

  /** Resolves true once revoked (its holder is disconnected); false when refused (`state.revokeError` says why). */
  async revoke(id: string): Promise<boolean> {
    if (this.#state.value.revoking) return false;
    this.#patch({ revoking: id, revokeError: null });
    try {
      const { link } = await this.#signaling.request('links:revoke', { id }, requestTimeoutMs);
      this.#patch({ revoking: null, links: upsert(this.#state.value.links, link) });
      return true;
    } catch (error) {
      this.#patch({ revoking: null, revokeError: { id, message: `Not revoked: ${refusalReason(error)}` } });
      return false;
    }
  }

  close(): void {
    this.#version++;
    for (const off of this.#unsubscribe.splice(0)) off();
  }

  async #list(): Promise<void> {
    const version = this.#version;
    try {
      const { links } = await this.#signaling.request('links:list', {}, requestTimeoutMs);
      if (version === this.#version) this.#patch({ links, listError: null });
    } catch (error) {
      if (version === this.#version) this.#patch({ listError: `The links could not be listed: ${refusalReason(error)}` });
    }
  }

  #patch(change: Partial<AccessLinkListState>): void {
    this.#state.set({ ...this.#state.value, ...change });
  }
}

/** The list with this link's latest record in it (the server's `links:changed` follows with the whole list). */
function upsert(links: readonly AccessLink[] | null, link: AccessLink): readonly AccessLink[] {
  const others = (links ?? []).filter((l) => l.id !== link.id);
  return [...others, link];
}
