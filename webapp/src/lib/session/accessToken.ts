/** The access token in a page link (`https://host/?token=...`), or null when there is none. */
export function accessTokenFromUrl(url: string | URL): string | null {
  const token = new URL(url).searchParams.get('token')?.trim();
  return token ? token : null;
}

const storageKey = 'dronecast.token';

export interface PageAccessToken {
  token: string | null;
  /**
   * The page's address with the link's token taken out, once the token is remembered: the page
   * shows this instead, so the token leaves the address bar, the history and any screenshot or
   * shared address. Null to leave the address alone: the link had no token, or storage refused
   * it (private mode), when the address is all a reload has to get back in with.
   */
  addressWithoutToken: string | null;
}

/**
 * The token for this page: the link's, remembered for next time, or the remembered one when the
 * link has none (the phone reopens the bare address). A refused token shows the refusal screen,
 * which asks for a new link.
 */
export function pageAccessToken(url: string | URL, storage: Pick<Storage, 'getItem' | 'setItem'> | null): PageAccessToken {
  const fromLink = accessTokenFromUrl(url);
  try {
    if (!fromLink) return { token: storage?.getItem(storageKey) ?? null, addressWithoutToken: null };
    storage?.setItem(storageKey, fromLink);
    // Read back: some browsers accept a write they then drop (quota, a storage that lives for the tab only).
    if (storage?.getItem(storageKey) === fromLink) return { token: fromLink, addressWithoutToken: addressWithoutToken(url) };
  } catch {
    // Storage refused (private mode): the link's token still works for this page.
  }
  return { token: fromLink, addressWithoutToken: null };
}

/** Drops the remembered token ("Forget this link"), so the bare address no longer opens with it. */
export function forgetAccessToken(storage: Pick<Storage, 'removeItem'> | null): void {
  try {
    storage?.removeItem(storageKey);
  } catch {
    // Storage refused: nothing was remembered either.
  }
}

/** The page's address without its `token` parameter (the rest of the query, e.g. transport, stays). */
export function addressWithoutToken(url: string | URL): string {
  const address = new URL(url);
  address.searchParams.delete('token');
  return address.href;
}
