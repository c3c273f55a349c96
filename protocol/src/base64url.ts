/**
 * base64url (RFC 4648 section 5, without padding) of UTF-8 text: the same characters Node's
 * Buffer gives for 'base64url', through the TextEncoder and btoa that browsers and Node share.
 */
export function base64urlFromText(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The UTF-8 text a base64url string holds; throws when it is not base64url. */
export function textFromBase64url(encoded: string): string {
  const base64 = encoded.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(base64.padEnd(Math.ceil(base64.length / 4) * 4, '='));
  return new TextDecoder().decode(Uint8Array.from(binary, (char) => char.charCodeAt(0)));
}
