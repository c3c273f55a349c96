import type { Browser, Page } from 'playwright-core';
import type { VideoTransport } from '@dronecast/protocol';
import { openPhonePage, waitForMoreFrames } from '../support/phonePage.ts';
import { videoTimeoutMs, type Phone, type PhoneRole } from './Phone.ts';

export interface BrowserPhoneOptions {
  label: string;
  role: PhoneRole;
  browser: Browser;
  /** The pilot or viewer URL the SFU printed (it carries the token). */
  url: string;
  /** An uncaught exception in the page: a bug in the web app. */
  onPageError(message: string): void;
}

/** The real web app in a Chromium page (390x844, touch), switching transports with its own buttons. */
export class BrowserPhone implements Phone {
  readonly kind = 'browser';
  busy = false;
  joinedAt = 0;
  private isLeaving = false;
  private page: Page | undefined;
  private current: VideoTransport | undefined;

  constructor(private readonly options: BrowserPhoneOptions) {}

  get label(): string {
    return this.options.label;
  }

  get role(): PhoneRole {
    return this.options.role;
  }

  get transport(): VideoTransport | undefined {
    return this.current;
  }

  get leaving(): boolean {
    return this.isLeaving;
  }

  async join(transport: VideoTransport): Promise<void> {
    this.joinedAt = Date.now();
    // A link may ask for a transport, as a shared link with &transport=mqtt does.
    this.page = await openPhonePage(this.options.browser, `${this.options.url}&transport=${transport}`);
    this.page.on('pageerror', (error) => this.options.onPageError(error.message));
    this.current = transport;
    await this.playing(transport);
  }

  async switchTo(transport: VideoTransport): Promise<void> {
    const page = this.page;
    if (!page) throw new Error(`${this.label} has not joined`);
    await page.getByTestId(`transport-${transport}`).tap({ timeout: 10_000 });
    this.current = transport;
    await this.playing(transport);
  }

  async leave(): Promise<void> {
    this.isLeaving = true;
    // The whole context: the page and its storage, as a phone closing the tab and forgetting it.
    await this.page?.context().close().catch(() => {});
  }

  private async playing(transport: VideoTransport): Promise<void> {
    const page = this.page;
    if (!page) return;
    await page.waitForFunction(
      (t) => window.__dronecast?.stats().transport === t && window.__dronecast?.stats().video === 'playing',
      transport,
      { timeout: videoTimeoutMs, polling: 250 },
    );
    await waitForMoreFrames(page, 5, videoTimeoutMs);
  }
}
