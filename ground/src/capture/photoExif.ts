import type { CapturePosition } from '@dronecast/protocol';
import type { Exif } from 'sharp';

/** "2025:01:02 03:04:05", EXIF's date format (UTC here, said so in OffsetTimeOriginal). */
function exifDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ').replace(/-/g, ':');
}

/** Degrees as EXIF's "deg/1 min/1 sec*1000/1000" rationals. */
function exifDegrees(value: number): string {
  const abs = Math.abs(value);
  const degrees = Math.floor(abs);
  const minutes = Math.floor((abs - degrees) * 60);
  const seconds = Math.round(((abs - degrees) * 60 - minutes) * 60 * 1000);
  return `${degrees}/1 ${minutes}/1 ${seconds}/1000`;
}

/**
 * EXIF for a photo, so it keeps its time and place once downloaded (gallery apps read these).
 * The gallery's JSON record stays the source of truth.
 */
export function photoExif(captureTimeMs: number, position: CapturePosition | null, source: string): Exif {
  const date = exifDate(captureTimeMs);
  const exif: Exif = {
    IFD0: { Make: 'dronecast', Model: source.slice(0, 60), DateTime: date, ImageDescription: 'dronecast drone camera' },
    IFD2: { DateTimeOriginal: date, OffsetTimeOriginal: '+00:00' },
  };
  if (position) {
    exif.IFD3 = {
      GPSLatitudeRef: position.lat >= 0 ? 'N' : 'S',
      GPSLatitude: exifDegrees(position.lat),
      GPSLongitudeRef: position.lon >= 0 ? 'E' : 'W',
      GPSLongitude: exifDegrees(position.lon),
      GPSAltitudeRef: position.altAbs >= 0 ? '0' : '1',
      GPSAltitude: `${Math.round(Math.abs(position.altAbs) * 100)}/100`,
      GPSImgDirectionRef: 'T',
      GPSImgDirection: `${Math.round(position.heading * 100)}/100`,
    };
  }
  return exif;
}
