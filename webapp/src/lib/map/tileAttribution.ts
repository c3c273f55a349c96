/** OpenStreetMap's tile usage policy asks for this credit, linked to its copyright page, on the map. */
export const openStreetMapAttribution = '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors';

/**
 * The credit shown under tiles from this URL template (Leaflet renders it as HTML): OpenStreetMap's
 * own for its servers, the tile host's name for any other, whose terms the operator knows.
 */
export function tileAttribution(tileUrl: string): string {
  const host = /^https?:\/\/([^/?#]+)/.exec(tileUrl)?.[1]?.replace(/[{}]/g, '') ?? '';
  if (/(^|\.)openstreetmap\.(org|fr|de)$/.test(host)) return openStreetMapAttribution;
  return `Map tiles: ${host.replace(/[^\w.:-]/g, '') || 'unknown server'}`;
}
