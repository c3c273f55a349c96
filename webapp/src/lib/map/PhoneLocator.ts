import type { LatLon } from './geo.ts';

/** Where the phone is, as far as the page may know. */
export type PhonePosition =
  | { kind: 'off' }
  /** Waiting for the browser's permission prompt or the first fix. */
  | { kind: 'asking' }
  | ({ kind: 'shown'; accuracyM: number } & LatLon)
  | { kind: 'denied' }
  /** The browser has no geolocation at all. */
  | { kind: 'unsupported' }
  /** Allowed, but no fix now (indoors, location services off); still trying. */
  | { kind: 'unavailable' };

/** The part of `navigator.geolocation` the locator uses. */
export type GeolocationSource = Pick<Geolocation, 'watchPosition' | 'clearWatch'>;

/**
 * What a pilot reads about the phone's position, or null when the map itself shows it (or nothing
 * was asked). `brief` for the fly view's small inset.
 */
export function phonePositionMessage(position: PhonePosition, brief = false): string | null {
  switch (position.kind) {
    case 'off':
    case 'shown':
      return null;
    case 'asking':
      return brief ? 'Finding phone…' : 'Finding this phone…';
    case 'denied':
      return brief ? 'Position not allowed' : 'Position not allowed. To see this phone on the map, allow location for this site in the browser.';
    case 'unsupported':
      return brief ? 'No phone position' : 'This browser cannot tell where the phone is.';
    case 'unavailable':
      return brief ? 'No phone fix yet' : 'This phone has no position fix yet. Still trying.';
  }
}

/**
 * The phone's own position on the map, only once the user asks: `start` makes the browser ask for
 * permission (it may only do so after a tap), `stop` lets go of the GPS.
 */
export class PhoneLocator {
  #watch: number | null = null;
  #position: PhonePosition = { kind: 'off' };

  constructor(
    private readonly geolocation: GeolocationSource | undefined,
    private readonly onChange: (position: PhonePosition) => void,
  ) {}

  get position(): PhonePosition {
    return this.#position;
  }

  get watching(): boolean {
    return this.#watch !== null;
  }

  start(): void {
    if (this.#watch !== null) return;
    if (!this.geolocation) return this.#set({ kind: 'unsupported' });
    this.#set({ kind: 'asking' });
    this.#watch = this.geolocation.watchPosition(
      ({ coords }) => this.#set({ kind: 'shown', lat: coords.latitude, lon: coords.longitude, accuracyM: coords.accuracy }),
      (error) => {
        if (error.code !== error.PERMISSION_DENIED) return this.#set({ kind: 'unavailable' });
        // Denied is final for this page: the browser will not ask again until the user changes it.
        this.#clear();
        this.#set({ kind: 'denied' });
      },
      { enableHighAccuracy: true, maximumAge: 5000 },
    );
  }

  stop(): void {
    this.#clear();
    this.#set({ kind: 'off' });
  }

  #clear(): void {
    if (this.#watch !== null) this.geolocation?.clearWatch(this.#watch);
    this.#watch = null;
  }

  #set(position: PhonePosition): void {
    this.#position = position;
    this.onChange(position);
  }
}
