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
