/** Where a finger is on a stick, as fractions of the stick's radius: x right, y up. */
export interface StickPosition {
  x: number;
  y: number;
}

/** Below this (a fraction of full travel) a stick reads zero: a resting thumb must not creep the drone. */
export const stickDeadZone = 0.08;

/**
 * A touch at (dx, dy) pixels from the stick's centre (screen y grows down) on a stick of `radius`
 * pixels, as axes -1..1: held inside the circle, a dead zone at the centre, and a gentle curve
 * (half linear, half cubic, as RC radios' "expo") so small moves give fine control and full
 * travel still gives full speed.
 */
export function stickPosition(dx: number, dy: number, radius: number): StickPosition {
  if (!(radius > 0)) return { x: 0, y: 0 };
  let x = dx / radius;
  let y = -dy / radius;
  const length = Math.hypot(x, y);
  if (length > 1) {
    x /= length;
    y /= length;
  }
  return { x: shape(x), y: shape(y) };
}

function shape(value: number): number {
  const magnitude = Math.abs(value);
  if (magnitude <= stickDeadZone) return 0;
  const travel = (magnitude - stickDeadZone) / (1 - stickDeadZone);
  const curved = 0.5 * travel + 0.5 * travel ** 3;
  // Two decimals are finer than a thumb and keep the wire short.
  return Math.sign(value) * Math.round(curved * 100) / 100;
}
