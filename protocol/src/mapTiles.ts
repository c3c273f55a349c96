import { z } from 'zod';

/**
 * A raster tile server's URL template for the pilots' map, e.g. OpenStreetMap's
 * https://tile.openstreetmap.org/{z}/{x}/{y}.png ({s}, {r} and other Leaflet placeholders may
 * appear too). Without one the map draws a metric grid only: field sites are often offline, and
 * tests must never fetch tiles.
 */
export const mapTileUrlSchema = z
  .string()
  .max(500)
  .refine((url) => /^https?:\/\/[^/?#\s]+[/?]\S*$/.test(url), {
    message: 'must be an http(s) URL template, e.g. https://tile.openstreetmap.org/{z}/{x}/{y}.png',
  })
  .refine((url) => ['{z}', '{x}', '{y}'].every((part) => url.includes(part)), { message: 'must contain {z}, {x} and {y}' });
