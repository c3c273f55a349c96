import type { CDPSession, Locator, Page } from 'playwright-core';

/** Real touch input through Chrome's DevTools protocol: several fingers at once, as on a phone. */
export class Fingers {
  private constructor(private readonly cdp: CDPSession) {}

  static async on(page: Page): Promise<Fingers> {
    return new Fingers(await page.context().newCDPSession(page));
  }

  /** Puts fingers down at these points (ids 1, 2, ...), then moves them to the targets in `steps` steps. */
  async press(points: readonly { x: number; y: number }[], targets: readonly { x: number; y: number }[], steps = 6): Promise<void> {
    const at = (t: number) => points.map((p, i) => ({ x: p.x + ((targets[i] ?? p).x - p.x) * t, y: p.y + ((targets[i] ?? p).y - p.y) * t, id: i + 1 }));
    await this.cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: at(0) });
    for (let s = 1; s <= steps; s += 1) await this.cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: at(s / steps) });
  }

  /** Moves the fingers that are down straight to these points (one event). */
  async move(points: readonly { x: number; y: number }[]): Promise<void> {
    await this.cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: points.map((p, i) => ({ ...p, id: i + 1 })) });
  }

  /** Lifts every finger. */
  async lift(): Promise<void> {
    await this.cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  }
}

/** The centre of what a locator shows, in viewport pixels. */
export async function centreOf(locator: Locator): Promise<{ x: number; y: number; width: number; height: number }> {
  const box = await locator.boundingBox();
  if (!box) throw new Error('not on screen');
  return { x: box.x + box.width / 2, y: box.y + box.height / 2, width: box.width, height: box.height };
}

/** Pushes a stick (its base) by fractions of its radius: x right, y up. */
export async function stickTarget(page: Page, stick: 'left' | 'right', x: number, y: number) {
  const slider = page.getByTestId(`stick-${stick}`).getByRole('slider');
  await slider.scrollIntoViewIfNeeded();
  const base = await centreOf(slider);
  const radius = base.width / 2;
  return { from: { x: base.x, y: base.y }, to: { x: base.x + x * radius, y: base.y - y * radius } };
}

/** Slides "Slide to take off" all the way with a finger. */
export async function slideToTakeOff(page: Page): Promise<void> {
  const slide = page.getByTestId('fly-takeoff');
  // Touches land where the screen shows things: bring it into view first.
  await slide.scrollIntoViewIfNeeded();
  const track = await centreOf(slide);
  const thumb = await centreOf(slide.locator('.thumb'));
  const fingers = await Fingers.on(page);
  await fingers.press([thumb], [{ x: track.x + track.width / 2 - 4, y: thumb.y }], 10);
  await fingers.lift();
}
