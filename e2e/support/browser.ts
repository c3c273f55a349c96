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
      // Chromium gathers no loopback ICE candidates by default, so a page could reach the SFU's
      // 127.0.0.1 candidate only over TCP, tens of ms slower than the UDP a phone on a LAN uses
      // (measured in issue 14: the bench's WebRTC p50 was 83 ms over TCP). With loopback allowed
      // the page's media take UDP, as a user's do.
      '--allow-loopback-in-peer-connection',
      // Headless tabs are throttled as hidden otherwise, which starves requestVideoFrameCallback.
      '--disable-background-timer-throttling',
      '--disable-renderer-backgrounding',
      '--disable-backgrounding-occluded-windows',
    ],
  });
}
