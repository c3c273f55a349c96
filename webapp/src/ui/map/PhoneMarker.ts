import L from 'leaflet';
import type { PhonePosition } from '../../lib/map/PhoneLocator.ts';

/** This phone on the map: a blue dot in its accuracy circle, as map apps show "you". */
export class PhoneMarker {
  readonly #accuracy = L.circle([0, 0], { radius: 1, color: '#0b63d6', weight: 1, fillColor: '#4493f8', fillOpacity: 0.15, interactive: false });
  readonly #dot = L.circleMarker([0, 0], { radius: 8, color: '#fff', weight: 3, fillColor: '#0b63d6', fillOpacity: 1, interactive: false });

  constructor(private readonly map: L.Map) {}

  show(position: PhonePosition): void {
    if (position.kind !== 'shown') {
      this.#accuracy.remove();
      this.#dot.remove();
      return;
    }
    const at = L.latLng(position.lat, position.lon);
    this.#accuracy.setLatLng(at).setRadius(position.accuracyM);
    this.#dot.setLatLng(at);
    if (!this.map.hasLayer(this.#dot)) {
      this.#accuracy.addTo(this.map);
      this.#dot.addTo(this.map);
    }
  }
}
