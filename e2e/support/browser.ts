import { chromium, type Browser } from 'playwright-core';

/**
 * Debian's chromium, headless, with a fake camera for pages that ask for one: a moving test
 * pattern, or the frames of `fakeCameraFile` (a .y4m, looped).
 */
export function launchChromium(options: { fakeCameraFile?: string } = {}): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
      '--disable-quic',
      '--use-fake-device-for-media-stream',
      '--use-fake-ui-for-media-stream',
      ...(options.fakeCameraFile ? [`--use-file-for-fake-video-capture=${options.fakeCameraFile}`] : []),
      // Headless tabs are throttled as hidden otherwise, which starves requestVideoFrameCallback.
      '--disable-background-timer-throttling',
      '--disable-renderer-backgrounding',
      '--disable-backgrounding-occluded-windows',
    ],
  });
}
