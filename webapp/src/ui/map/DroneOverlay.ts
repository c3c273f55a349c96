import L from 'leaflet';
import type { Telemetry } from '@dronecast/protocol';
import { DroneTrack } from '../../lib/map/DroneTrack.ts';
import { HomeTracker } from '../../lib/map/HomeTracker.ts';
import { hasPosition } from '../../lib/map/geo.ts';

/** Yellow with a black edge: seen on the dark grid, on light map tiles and in sunlight. */
const droneColour = '#ffd33d';

// Inline icons (L.divIcon): nothing is fetched, unlike Leaflet's default marker images.
const droneIcon = L.divIcon({
  className: 'map-marker',
  html: `<div class="map-drone" data-testid="map-drone"><svg viewBox="-16 -16 32 32" width="32" height="32" aria-hidden="true">
    <path d="M0,-13 L9,11 L0,6 L-9,11 Z" fill="${droneColour}" stroke="#000" stroke-width="2.5" stroke-linejoin="round"/></svg></div>`,
  iconSize: [32, 32],
  iconAnchor: [16, 16],
});
const homeIcon = L.divIcon({ className: 'map-marker', html: '<div class="map-home" data-testid="map-home">H</div>', iconSize: [26, 26], iconAnchor: [13, 13] });

/**
 * The drone on a Leaflet map: its marker pointing where it heads, the track behind it and home.
 * Every layer is made once and moved in place on each telemetry sample (4-10 a second).
 */
export class DroneOverlay {
  readonly #track = new DroneTrack();
  readonly #home = new HomeTracker();
  /** The track is drawn twice, a wide dark line under the yellow one, to stand out on any ground. */
  readonly #lines: L.Polyline[];
  #drone: L.Marker | null = null;
  #homeMarker: L.Marker | null = null;

  constructor(private readonly map: L.Map) {
    this.#lines = [
      L.polyline([], { color: '#000', weight: 7, opacity: 0.55, interactive: false }),
      L.polyline([], { color: droneColour, weight: 3, opacity: 1, interactive: false }),
    ];
    for (const line of this.#lines) line.addTo(map);
  }

  get trackPoints(): number {
    return this.#track.points.length;
  }

  /** Where the drone was last drawn, null before its first position. */
  get position(): L.LatLng | null {
    return this.#drone?.getLatLng() ?? null;
  }

  /** Draws one sample; returns the drone's position, or null when the sample has none (no GPS fix). */
  show(t: Telemetry): L.LatLng | null {
    const home = this.#home.update(t);
    if (home) {
      if (this.#homeMarker) this.#homeMarker.setLatLng([home.lat, home.lon]);
      else this.#homeMarker = L.marker([home.lat, home.lon], { icon: homeIcon, interactive: false, keyboard: false, zIndexOffset: -100 }).addTo(this.map);
    }
    if (!hasPosition(t)) return null;
    const at = L.latLng(t.lat, t.lon);
    if (this.#drone) this.#drone.setLatLng(at);
    else this.#drone = L.marker(at, { icon: droneIcon, interactive: false, keyboard: false, zIndexOffset: 100 }).addTo(this.map);
    this.#pointDrone(t);
    const { added, dropped } = this.#track.add(t);
    if (added) {
      for (const line of this.#lines) {
        // getLatLngs() is the line's own array: letting go of the oldest in place and adding the
        // newest redraws the path without rebuilding 2000 points.
        if (dropped > 0) (line.getLatLngs() as L.LatLng[]).splice(0, dropped);
        line.addLatLng(at);
      }
    }
    return at;
  }

  #pointDrone(t: Telemetry): void {
    const element = this.#drone?.getElement()?.querySelector<HTMLElement>('.map-drone');
    if (!element) return;
    const heading = ((Math.round(t.heading) % 360) + 360) % 360;
    element.style.transform = `rotate(${t.heading}deg)`;
    element.classList.toggle('stale', t.linkLost);
    element.dataset.lat = t.lat.toFixed(6);
    element.dataset.lon = t.lon.toFixed(6);
    element.dataset.heading = String(heading);
  }
}
