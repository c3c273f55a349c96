/** Whether this browser lets the page go fullscreen (iPhone Safari does not, except for video). */
export function fullscreenSupported(doc: Document = document): boolean {
  return doc.fullscreenEnabled === true;
}

/** Fullscreen on `element`, or back out; failures (no gesture, refused) leave things as they are. */
export async function toggleFullscreen(element: HTMLElement, doc: Document = document): Promise<void> {
  try {
    if (doc.fullscreenElement) await doc.exitFullscreen();
    else await element.requestFullscreen({ navigationUI: 'hide' });
  } catch {
    // Refused: the page stays as it was, which the button's state shows.
  }
}
