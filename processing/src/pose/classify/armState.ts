import type { BodyPoint } from './bodyFrame.ts';
import type { ArmState } from './poses.ts';

/** One arm and the head, in the body frame (torso lengths; `side` toward the person's left). */
export interface ArmPoints {
  shoulder: BodyPoint;
  elbow: BodyPoint;
  wrist: BodyPoint;
  nose: BodyPoint;
}

/**
 * Thresholds, in degrees from "hanging straight down" (0) through "straight out sideways" (90)
 * to "straight up" (180). The gaps between the bands (35-65, 115-145) are deliberately no
 * pose: an arm at 45 degrees must not be read as either down or out.
 */
export const ARM_LIMITS = {
  downMaxDeg: 35,
  outMinDeg: 65,
  outMaxDeg: 115,
  upMinDeg: 145,
  /** An arm "out" or "up" is nearly straight: shoulder-wrist distance / (upper arm + forearm). */
  straightMin: 0.8,
  /** Hands on the head: the arm folded, the wrist within this (torso lengths) of the nose's line. */
  onHeadBentMax: 0.75,
  onHeadSideMax: 0.45,
  /** Crossed: the wrist past the body's midline by at least this much (clasped hands are not crossed arms). */
  crossedPastMidline: 0.15,
  /** ... at chest height: between just above the shoulders and three quarters down the torso. */
  crossedHighest: -0.3,
  crossedLowest: 0.75,
} as const;

/**
 * `sideSign` is +1 for the left arm, -1 for the right one, so that "outward" is positive for
 * both. Checks go from the most specific shape (crossed, hands on head) to the broadest.
 */
export function armStateOf({ shoulder, elbow, wrist, nose }: ArmPoints, sideSign: 1 | -1): ArmState {
  const reach = Math.hypot(wrist.side - shoulder.side, wrist.down - shoulder.down);
  const length = Math.hypot(elbow.side - shoulder.side, elbow.down - shoulder.down) + Math.hypot(wrist.side - elbow.side, wrist.down - elbow.down);
  const straightness = length > 0 ? reach / length : 0;
  const outward = sideSign * (wrist.side - shoulder.side);
  const downward = wrist.down - shoulder.down;
  // 0 = down, 90 = out to this arm's side, 180 = up; negative = across the body.
  const angle = (Math.atan2(outward, downward) * 180) / Math.PI;
  const fromDown = Math.abs(angle);

  const pastMidline = -sideSign * wrist.side;
  if (pastMidline >= ARM_LIMITS.crossedPastMidline && wrist.down > ARM_LIMITS.crossedHighest && wrist.down < ARM_LIMITS.crossedLowest) return 'crossed';

  const wristAboveShoulders = wrist.down < 0;
  const wristNearHead = Math.abs(wrist.side - nose.side) < ARM_LIMITS.onHeadSideMax && wrist.down > nose.down - 0.6;
  const elbowRaisedOut = elbow.down < 0.15 && sideSign * (elbow.side - shoulder.side) > 0;
  if (wristAboveShoulders && wristNearHead && elbowRaisedOut && straightness < ARM_LIMITS.onHeadBentMax) return 'onHead';

  if (fromDown >= ARM_LIMITS.upMinDeg && wrist.down < nose.down - 0.1 && straightness >= ARM_LIMITS.straightMin) return 'up';
  if (angle >= ARM_LIMITS.outMinDeg && angle <= ARM_LIMITS.outMaxDeg && straightness >= ARM_LIMITS.straightMin && reach >= 0.6) return 'out';
  if (fromDown <= ARM_LIMITS.downMaxDeg && wrist.down > 0.35) return 'down';
  return 'other';
}
