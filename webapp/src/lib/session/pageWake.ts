/** The parts of a page whose events say it is back; a test passes EventTargets of its own. */
export interface WakeSources {
  window: Pick<EventTarget, 'addEventListener' | 'removeEventListener'>;
  document: Pick<EventTarget, 'addEventListener' | 'removeEventListener'> & { readonly visibilityState: DocumentVisibilityState };
}

export interface PageWakeOptions {
  /** How often the timer that notices a suspended page ticks. */
  tickMs?: number;
  /** A tick this much later than due means the page was not running (a phone may wake without any event). */
  gapMs?: number;
  now?: () => number;
}

/**
 * Calls `onWake` when the page comes back after the phone's screen slept, the tab was hidden or
 * frozen, or the network returned: `visibilitychange` to visible, `pageshow`, `resume` (after
 * a freeze), `online`, and a timer that finds it was not run for a while. Several of these
 * arrive together on one wake; the callee must not mind being called twice.
 */
export function onPageWake(onWake: (reason: string) => void, sources: WakeSources = { window, document }, options: PageWakeOptions = {}): () => void {
  const tickMs = options.tickMs ?? 1_000;
  const gapMs = options.gapMs ?? 5_000;
  const now = options.now ?? Date.now;
  const onVisibility = (): void => {
    if (sources.document.visibilityState === 'visible') onWake('visible');
  };
  const onPageShow = (): void => onWake('pageshow');
  const onResume = (): void => onWake('resume');
  const onOnline = (): void => onWake('online');
  sources.document.addEventListener('visibilitychange', onVisibility);
  sources.document.addEventListener('resume', onResume);
  sources.window.addEventListener('pageshow', onPageShow);
  sources.window.addEventListener('online', onOnline);
  let last = now();
  const timer = setInterval(() => {
    const at = now();
    if (at - last > tickMs + gapMs) onWake('timer gap');
    last = at;
  }, tickMs);
  return () => {
    clearInterval(timer);
    sources.document.removeEventListener('visibilitychange', onVisibility);
    sources.document.removeEventListener('resume', onResume);
    sources.window.removeEventListener('pageshow', onPageShow);
    sources.window.removeEventListener('online', onOnline);
  };
}
