import { describe, expect, it } from 'vitest';
import { PhoneLocator, phonePositionMessage, type GeolocationSource, type PhonePosition } from './PhoneLocator.ts';

/** A browser's geolocation that the test answers for. */
class ScriptedGeolocation implements GeolocationSource {
  readonly watches = new Map<number, { success: PositionCallback; error: PositionErrorCallback | null | undefined }>();
  #next = 1;

  watchPosition(success: PositionCallback, error?: PositionErrorCallback | null): number {
    const id = this.#next++;
    this.watches.set(id, { success, error });
    return id;
  }

  clearWatch(id: number): void {
    this.watches.delete(id);
  }

  fix(latitude: number, longitude: number, accuracy: number): void {
    for (const watch of this.watches.values()) watch.success({ coords: { latitude, longitude, accuracy } } as GeolocationPosition);
  }

  fail(code: 1 | 2 | 3): void {
    const error = { code, message: '', PERMISSION_DENIED: 1, POSITION_UNAVAILABLE: 2, TIMEOUT: 3 } as GeolocationPositionError;
    for (const watch of [...this.watches.values()]) watch.error?.(error);
  }
}

function locator(geolocation: GeolocationSource | undefined) {
  const seen: PhonePosition['kind'][] = [];
  return { seen, locator: new PhoneLocator(geolocation, (p) => seen.push(p.kind)) };
}

describe("the phone's own position", () => {
  it('asks nothing until started, then watches once however often it is started', () => {
    const geo = new ScriptedGeolocation();
    const { locator: me, seen } = locator(geo);
    expect(geo.watches.size).toBe(0);
    me.start();
    me.start();
    expect(geo.watches.size).toBe(1);
    geo.fix(47.1, 8.2, 12);
    expect(me.position).toEqual({ kind: 'shown', lat: 47.1, lon: 8.2, accuracyM: 12 });
    expect(seen).toEqual(['asking', 'shown']);
  });

  it('stops watching when stopped', () => {
    const geo = new ScriptedGeolocation();
    const { locator: me } = locator(geo);
    me.start();
    me.stop();
    expect(geo.watches.size).toBe(0);
    expect(me.position.kind).toBe('off');
    expect(me.watching).toBe(false);
  });

  it('says so when denied, lets go of the watch and may be asked again', () => {
    const geo = new ScriptedGeolocation();
    const { locator: me } = locator(geo);
    me.start();
    geo.fail(1);
    expect(me.position.kind).toBe('denied');
    expect(geo.watches.size).toBe(0);
    expect(phonePositionMessage(me.position)).toMatch(/not allowed.*allow location/);
    expect(phonePositionMessage(me.position, true)).toBe('Position not allowed');
    me.start();
    expect(geo.watches.size).toBe(1);
  });

  it('keeps trying while there is no fix, and shows the position when one comes', () => {
    const geo = new ScriptedGeolocation();
    const { locator: me, seen } = locator(geo);
    me.start();
    geo.fail(2);
    expect(me.position.kind).toBe('unavailable');
    expect(phonePositionMessage(me.position)).toMatch(/no position fix yet/);
    geo.fix(47, 8, 30);
    expect(seen).toEqual(['asking', 'unavailable', 'shown']);
    expect(phonePositionMessage(me.position)).toBeNull();
  });

  it('says when the browser has no geolocation', () => {
    const { locator: me } = locator(undefined);
    me.start();
    expect(me.position.kind).toBe('unsupported');
    expect(me.watching).toBe(false);
    expect(phonePositionMessage(me.position)).toMatch(/cannot tell where/);
  });
});
