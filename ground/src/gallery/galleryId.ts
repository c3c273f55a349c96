import { randomInt } from 'node:crypto';

const digits = '0123456789abcdefghijklmnopqrstuvwxyz';

/**
 * A new gallery id: the time in base 36 (9 characters, so ids sort by age) and 11 random
 * characters, so photos asked for in the same millisecond still get their own file.
 */
export function newGalleryId(nowMs = Date.now()): string {
  let random = '';
  for (let i = 0; i < 11; i++) random += digits[randomInt(36)];
  return Math.max(0, Math.floor(nowMs)).toString(36).padStart(9, '0') + random;
}
