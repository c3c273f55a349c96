import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';

import type { RgbaFrame } from '../frames.ts';

/** Where the root postinstall puts the photos of real people (from @vladmandic/human, MIT). */
export const TEST_ASSETS_DIR = fileURLToPath(new URL('../../../test-assets/', import.meta.url));

interface Crop {
  file: 'samples.jpg' | 'screenshot-vrm.jpg';
  left: number;
  top: number;
  width: number;
  height: number;
}

/** People cut out of the two sample images (samples.jpg is a contact sheet of photos above a group photo). */
export const TEST_PHOTOS = {
  /** A woman standing, one arm down, the other hand in front of her chest (full body). */
  womanStanding: { file: 'samples.jpg', left: 640, top: 0, width: 150, height: 160 },
  /** A woman by a wall, one hand at her waist (full body). */
  womanByWall: { file: 'samples.jpg', left: 795, top: 0, width: 110, height: 160 },
  /** A woman taking a selfie: one arm bent up to her face. */
  womanSelfie: { file: 'samples.jpg', left: 544, top: 0, width: 92, height: 160 },
  /** A man at a restaurant table holding chopsticks: hips hidden behind the table. */
  manAtTable: { file: 'samples.jpg', left: 325, top: 0, width: 215, height: 160 },
  /** Three people side by side. */
  threePeople: { file: 'samples.jpg', left: 1128, top: 0, width: 152, height: 160 },
  /** The middle of the group photo: several overlapping people. */
  groupCentre: { file: 'samples.jpg', left: 380, top: 380, width: 400, height: 778 },
  /** A man at a desk seen from the chest up (webcam inset). */
  manAtDesk: { file: 'screenshot-vrm.jpg', left: 474, top: 0, width: 326, height: 245 },
  /** A rendered figure in an A-pose (arms about 35 degrees out). */
  renderedAPose: { file: 'samples.jpg', left: 0, top: 0, width: 160, height: 160 },
} as const satisfies Record<string, Crop>;
export type TestPhotoName = keyof typeof TEST_PHOTOS;

/** One of the people, letterboxed (black bars) into an RGBA frame of the given size. */
export async function loadTestPhoto(name: TestPhotoName, width = 640, height = 480): Promise<RgbaFrame> {
  const crop = TEST_PHOTOS[name];
  const path = `${TEST_ASSETS_DIR}${crop.file}`;
  if (!existsSync(path)) throw new Error(`test photo ${path} is missing: run \`node scripts/pose-model/install.mjs\` (npm install does)`);
  const { left, top, width: cropWidth, height: cropHeight } = crop;
  const data = await sharp(path)
    .extract({ left, top, width: cropWidth, height: cropHeight })
    .resize(width, height, { fit: 'contain', background: '#000000' })
    .ensureAlpha()
    .raw()
    .toBuffer();
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), width, height };
}

/** A black RGBA frame: shown between photos so MediaPipe's tracking starts afresh on each. */
export function blackFrame(width = 640, height = 480): RgbaFrame {
  const data = new Uint8Array(width * height * 4);
  for (let i = 3; i < data.length; i += 4) data[i] = 255;
  return { data, width, height };
}
