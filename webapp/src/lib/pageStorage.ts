/** The page's localStorage, or null where the browser refuses it (some private modes throw on access). */
export function pageStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}
