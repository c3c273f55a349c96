import type { I420Frame } from '../frames.ts';
import { DEFAULT_MIN_VISIBILITY, LANDMARK_NAMES, LandmarkIndex, POSE_CONNECTIONS, sideOf, type BodySide, type PoseLandmarks } from '../landmarks.ts';
import { I420Painter, yuvOf, type YuvColour } from './I420Painter.ts';

/** The person's left in orange, right in cyan, the middle in white (as MediaPipe's own demos tell sides apart). */
export const SIDE_COLOURS: Record<BodySide, YuvColour> = {
  left: yuvOf(255, 140, 0),
  right: yuvOf(0, 200, 255),
  centre: yuvOf(255, 255, 255),
};

export interface SkeletonStyle {
  minVisibility?: number;
  /** Bone thickness in pixels; default scales with the frame (4 px at 480 lines). */
  thickness?: number;
}

/** Bones between landmarks both seen (visibility >= minVisibility), then a dot on each seen landmark. */
export function drawSkeleton(frame: I420Frame, landmarks: PoseLandmarks, style: SkeletonStyle = {}): void {
  const painter = new I420Painter(frame);
  const minVisibility = style.minVisibility ?? DEFAULT_MIN_VISIBILITY;
  const thickness = style.thickness ?? Math.max(2, Math.round(Math.min(frame.width, frame.height) / 120));
  const at = (index: number) => {
    const landmark = landmarks[index];
    return landmark && landmark.visibility >= minVisibility ? { x: landmark.x * frame.width, y: landmark.y * frame.height } : null;
  };
  for (const [from, to, side] of POSE_CONNECTIONS) {
    const a = at(LandmarkIndex[from]);
    const b = at(LandmarkIndex[to]);
    if (a && b) painter.line(a.x, a.y, b.x, b.y, thickness, SIDE_COLOURS[side]);
  }
  for (const name of LANDMARK_NAMES) {
    const point = at(LandmarkIndex[name]);
    if (point) painter.fillDisk(point.x, point.y, thickness * 0.9, SIDE_COLOURS[sideOf(name)]);
  }
}
