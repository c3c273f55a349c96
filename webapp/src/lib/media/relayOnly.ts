/**
 * `?relay=1` in the page's link forces WebRTC through the TURN relay the SFU hands out
 * (iceTransportPolicy 'relay'): to check a TURN setup from a phone, and for the relay test.
 * Without TURN configured on the server such a page gets no candidates and no video, by design.
 */
export function relayOnlyRequested(href: string | undefined): boolean {
  if (!href) return false;
  const value = new URL(href).searchParams.get('relay');
  return value === '1' || value === 'true';
}
