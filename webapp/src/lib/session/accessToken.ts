/** The access token in a page link (`https://host/?token=...`), or null when there is none. */
export function accessTokenFromUrl(url: string | URL): string | null {
  const token = new URL(url).searchParams.get('token')?.trim();
  return token ? token : null;
}

const storageKey = 'dronecast.token';

/**
 * The token for this page: the link's, remembered for next time, or the remembered one when the
 * link has none (the phone reopens the bare address). A refused token shows the refusal screen,
 * which asks for a new link.
 */
export function pageAccessToken(url: string | URL, storage: Pick<Storage, 'getItem' | 'setItem'> | null): string | null {
  const fromLink = accessTokenFromUrl(url);
  try {
    if (fromLink) storage?.setItem(storageKey, fromLink);
    else return storage?.getItem(storageKey) ?? null;
  } catch {
    // Storage refused (private mode): the link's token still works for this page.
  }
  return fromLink;
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
