/** A point in image units where x and y have the same scale (x times width/height). */
export interface Point {
  x: number;
  y: number;
}

/** A point in the body's frame: `side` toward the person's left, `down` toward the hips, in torso lengths. */
export interface BodyPoint {
  side: number;
  down: number;
}

/**
 * The torso's own axes, so that a pilot a little tilted, near or far, still gets the same
 * answer: origin between the shoulders, `down` toward the middle of the hips, `side` from the
 * right shoulder to the left one (made square to `down`), unit = torso length.
 */
export class BodyFrame {
  private constructor(
    private readonly origin: Point,
    private readonly downAxis: Point,
    private readonly sideAxis: Point,
    /** Shoulder-to-hip distance in image height units. */
    readonly torsoLength: number,
  ) {}

  static of(leftShoulder: Point, rightShoulder: Point, leftHip: Point, rightHip: Point): BodyFrame | null {
    const origin = midpoint(leftShoulder, rightShoulder);
    const hips = midpoint(leftHip, rightHip);
    const torso = { x: hips.x - origin.x, y: hips.y - origin.y };
    const torsoLength = Math.hypot(torso.x, torso.y);
    if (torsoLength < 1e-6) return null;
    const down = { x: torso.x / torsoLength, y: torso.y / torsoLength };
    const across = { x: leftShoulder.x - rightShoulder.x, y: leftShoulder.y - rightShoulder.y };
    const along = across.x * down.x + across.y * down.y;
    const square = { x: across.x - along * down.x, y: across.y - along * down.y };
    const squareLength = Math.hypot(square.x, square.y);
    // Shoulders on one line with the hips: the person is side-on, there is no left and right to read.
    if (squareLength < 1e-6) return null;
    return new BodyFrame(origin, down, { x: square.x / squareLength, y: square.y / squareLength }, torsoLength);
  }

  toBody(point: Point): BodyPoint {
    const dx = point.x - this.origin.x;
    const dy = point.y - this.origin.y;
    return {
      side: (dx * this.sideAxis.x + dy * this.sideAxis.y) / this.torsoLength,
      down: (dx * this.downAxis.x + dy * this.downAxis.y) / this.torsoLength,
    };
  }

  /** Angle between the torso and the image's vertical, in degrees. */
  get tiltDegrees(): number {
    return (Math.acos(Math.max(-1, Math.min(1, this.downAxis.y))) * 180) / Math.PI;
  }

  /** Shoulder width in torso lengths. */
  shoulderWidth(leftShoulder: Point, rightShoulder: Point): number {
    return Math.hypot(leftShoulder.x - rightShoulder.x, leftShoulder.y - rightShoulder.y) / this.torsoLength;
  }
}

function midpoint(a: Point, b: Point): Point {
  return { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
}
