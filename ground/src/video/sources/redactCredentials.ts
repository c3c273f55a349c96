/**
 * Hides secrets in URLs (rtsp://user:secret@camera/..., srt://...?passphrase=...) before they
 * reach logs, descriptions or error messages.
 */
export function redactCredentials(text: string): string {
  return text
    .replace(/([a-z][a-z0-9+.-]*:\/\/[^\s/@:]*):[^\s/@]*@/gi, '$1:***@')
    .replace(/([?&](?:passphrase|password|pass|pwd|token|key)=)[^\s&]*/gi, '$1***');
}
