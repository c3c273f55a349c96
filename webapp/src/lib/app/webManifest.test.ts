import fs from 'node:fs';
import { describe, expect, it } from 'vitest';

/** The phone app's manifest, icons and head tags, as committed (public/ is copied to the build's root). */
const webapp = new URL('../../../', import.meta.url);
const read = (path: string) => fs.readFileSync(new URL(path, webapp));
const manifest = JSON.parse(read('public/manifest.webmanifest').toString()) as {
  [field: string]: unknown;
  icons: { src: string; sizes: string; type: string; purpose: string }[];
};

/** Width and height from a PNG's IHDR chunk, which always comes first. */
function pngSize(bytes: Buffer): [number, number] {
  expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
  return [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
}

describe('the phone page as an installable app', () => {
  it('is called dronecast and opens at the bare address, where the page finds the token it remembered', () => {
    expect(manifest).toMatchObject({ id: '/', name: 'dronecast', short_name: 'dronecast', start_url: '/', scope: '/' });
    expect(String(manifest.start_url)).not.toMatch(/token/);
  });

  it('opens standalone: the video fills the screen but the phone keeps its battery and Wi-Fi in sight', () => {
    // Fullscreen would hide the status bar, and with it the phone's battery and its Wi-Fi to the
    // ground station, the two things the pilot's control depends on; iOS has no fullscreen either.
    expect(manifest.display).toBe('standalone');
  });

  it('turns with the phone (pilots fly in landscape and check the gallery in portrait)', () => {
    expect(manifest.orientation).toBe('any');
  });

  it("takes its colours from the app's theme, so the splash screen and the title bar match the page", () => {
    const background = /--bg:\s*(#[0-9a-f]{6})/i.exec(read('src/ui/theme.css').toString())?.[1];
    expect(background).toBeDefined();
    expect(manifest.background_color).toBe(background);
    expect(manifest.theme_color).toBe(background);
    expect(read('index.html').toString()).toContain(`<meta name="theme-color" content="${background}" />`);
  });

  it('has PNG icons of 192 and 512 pixels, and a maskable one, each the size it says', () => {
    expect(manifest.icons.map(({ sizes, purpose }) => `${sizes} ${purpose}`)).toEqual(['192x192 any', '512x512 any', '512x512 maskable']);
    for (const icon of manifest.icons) {
      expect(icon.type).toBe('image/png');
      expect(pngSize(read(`public${icon.src}`)).join('x'), icon.src).toBe(icon.sizes);
    }
  });

  it('is linked from the phone page, with an icon for iOS home screens', () => {
    const html = read('index.html').toString();
    expect(html).toContain('<link rel="manifest" href="/manifest.webmanifest" />');
    const apple = /<link rel="apple-touch-icon" href="([^"]+)"/.exec(html)?.[1] ?? '';
    expect(pngSize(read(`public${apple}`))).toEqual([180, 180]);
  });

  it('is linked from the phone page only', () => {
    for (const page of ['ground.html', 'bench.html']) expect(read(page).toString(), page).not.toContain('manifest');
  });
});
