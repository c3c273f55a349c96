/** A short tick for "accepted" and a double buzz for "refused", where the phone can vibrate (not iOS Safari). */
export function hapticTick(outcome: 'accepted' | 'refused'): void {
  if (typeof navigator.vibrate !== 'function') return;
  try {
    navigator.vibrate(outcome === 'accepted' ? 15 : [40, 60, 40]);
  } catch {
    // Some browsers throw until the user has touched the page: a missing tick is harmless.
  }
}
