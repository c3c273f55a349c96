/**
 * Renders the phone app's icons from public/icons/dronecast.svg into the PNGs next to it, which are
 * committed: run once after changing the drawing (`npx tsx webapp/tools/renderAppIcons.ts`).
 *
 * - icon-192.png, icon-512.png: the drawing as it is (rounded corners, transparent outside).
 * - icon-maskable-512.png: for launchers that cut their own shape (circle, squircle): the drawing
 *   at 80% on a full square of the background colour, so any mask within the 80%-diameter safe
 *   zone keeps the whole quadcopter.
 * - apple-touch-icon.png (180): the same full-bleed layout; iOS rounds the corners itself and
 *   would fill transparency with black.
 */
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';

const icons = new URL('../public/icons/', import.meta.url);
const source = fileURLToPath(new URL('dronecast.svg', icons));
const background = '#0b0f14'; // --bg in src/ui/theme.css, the drawing's own background
const safeZoneScale = 0.8;

async function plain(size: number, file: string): Promise<void> {
  await sharp(source, { density: 72 * (size / 512) * 4 })
    .resize(size, size)
    .png({ compressionLevel: 9 })
    .toFile(fileURLToPath(new URL(file, icons)));
}

async function fullBleed(size: number, file: string): Promise<void> {
  const inner = Math.round(size * safeZoneScale);
  const drawing = await sharp(source, { density: 72 * (inner / 512) * 4 }).resize(inner, inner).png().toBuffer();
  const offset = Math.round((size - inner) / 2);
  await sharp({ create: { width: size, height: size, channels: 4, background } })
    .composite([{ input: drawing, left: offset, top: offset }])
    .png({ compressionLevel: 9 })
    .toFile(fileURLToPath(new URL(file, icons)));
}

await plain(192, 'icon-192.png');
await plain(512, 'icon-512.png');
await fullBleed(512, 'icon-maskable-512.png');
await fullBleed(180, 'apple-touch-icon.png');
console.log(`rendered the app icons into ${fileURLToPath(icons)}`);
