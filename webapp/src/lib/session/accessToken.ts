/** The access token in a page link (`https://host/?token=...`), or null when there is none. */
export function accessTokenFromUrl(url: string | URL): string | null {
  const token = new URL(url).searchParams.get('token')?.trim();
  return token ? token : null;
}
