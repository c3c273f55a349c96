import L from 'leaflet';
import { degreesFor, gridLines, gridSpacingM, metresPerPixel } from '../../lib/map/metricGrid.ts';

export const gridBackground = '#16202b';
const gridLine = '#6b7f96';

/**
 * A plain metric grid drawn on canvas tiles: the whole map when there are no tiles (offline, or no
 * tile server set), and under the tiles so it shows wherever they fail to load. Lines fall on
 * multiples of the spacing from the equator and the prime meridian, so neighbouring tiles meet.
 * Longitude steps are taken at one reference latitude (where the drone flies) so the squares are
 * square there and every column of tiles agrees; `setReferenceLatitude` redraws.
 */
export class MetricGridLayer extends L.GridLayer {
  #refLat = 0;

  constructor() {
    super({ zIndex: 0, updateWhenZooming: false });
  }

  /** The grid's spacing at this zoom, metres. */
  spacingAt(zoom: number): number {
    return gridSpacingM(metresPerPixel(zoom, this.#refLat));
  }

  setReferenceLatitude(latitude: number): void {
    if (Math.abs(latitude - this.#refLat) < 0.01) return;
    this.#refLat = latitude;
    this.redraw();
  }

  protected override createTile(coords: L.Coords): HTMLElement {
    const size = this.getTileSize();
    const canvas = document.createElement('canvas');
    canvas.width = size.x;
    canvas.height = size.y;
    const context = canvas.getContext('2d');
    const map = this._map;
    if (!context) return canvas;
    context.fillStyle = gridBackground;
    context.fillRect(0, 0, size.x, size.y);
    const origin = L.point(coords.x * size.x, coords.y * size.y);
    const northWest = map.unproject(origin, coords.z);
    const southEast = map.unproject(origin.add(size), coords.z);
    const step = degreesFor(this.spacingAt(coords.z), this.#refLat);
    context.strokeStyle = gridLine;
    context.lineWidth = 1;
    context.beginPath();
    for (const lat of gridLines(southEast.lat, northWest.lat, step.lat)) {
      const y = Math.round(map.project([lat, northWest.lng], coords.z).y - origin.y) + 0.5;
      context.moveTo(0, y);
      context.lineTo(size.x, y);
    }
    for (const lon of gridLines(northWest.lng, southEast.lng, step.lon)) {
      const x = Math.round(map.project([northWest.lat, lon], coords.z).x - origin.x) + 0.5;
      context.moveTo(x, 0);
      context.lineTo(x, size.y);
    }
    context.stroke();
    return canvas;
  }
}
