import { describe, expect, it } from 'vitest';

import { i420Layout, type I420Frame } from '../frames.ts';
import { LandmarkIndex, POSE_CONNECTIONS, type PoseLandmarks } from '../landmarks.ts';
import { ARMS, syntheticPose } from '../testing/syntheticPose.ts';
import { forEachTextPixel, textWidth } from './bitmapFont.ts';
import { drawCaption } from './drawCaption.ts';
import { drawSkeleton, SIDE_COLOURS } from './drawSkeleton.ts';

const width = 640;
const height = 480;
const thickness = 4;

function greyFrame(): I420Frame {
  const { uOffset, byteLength } = i420Layout(width, height);
  const data = new Uint8Array(byteLength).fill(128);
  data.fill(100, 0, uOffset);
  return { data, width, height };
}

/** Luma pixels (x, y) that differ, and chroma samples as the luma pixel of their block's corner. */
function changedPixels(before: ArrayLike<number>, after: ArrayLike<number>): { x: number; y: number; plane: 'y' | 'uv' }[] {
  const { uOffset, vOffset, chromaWidth } = i420Layout(width, height);
  const changed: { x: number; y: number; plane: 'y' | 'uv' }[] = [];
  for (let i = 0; i < uOffset; i++) if (before[i] !== after[i]) changed.push({ x: i % width, y: Math.floor(i / width), plane: 'y' });
  for (let i = uOffset; i < after.length; i++) {
    if (before[i] === after[i]) continue;
    const c = i - (i < vOffset ? uOffset : vOffset);
    changed.push({ x: (c % chromaWidth) * 2, y: Math.floor(c / chromaWidth) * 2, plane: 'uv' });
  }
  return changed;
}

function distanceToSegment(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const t = dx === 0 && dy === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

/** Distance from a pixel to the nearest bone or dot between landmarks that are seen. */
function distanceToSkeleton(landmarks: PoseLandmarks, x: number, y: number): number {
  const seen = (i: number) => (landmarks[i]!.visibility >= 0.5 ? { x: landmarks[i]!.x * width, y: landmarks[i]!.y * height } : null);
  let best = Infinity;
  for (const [from, to] of POSE_CONNECTIONS) {
    const a = seen(LandmarkIndex[from]);
    const b = seen(LandmarkIndex[to]);
    if (a && b) best = Math.min(best, distanceToSegment(x, y, a.x, a.y, b.x, b.y));
  }
  for (let i = 0; i < landmarks.length; i++) {
    const p = seen(i);
    if (p) best = Math.min(best, Math.hypot(x - p.x, y - p.y));
  }
  return best;
}

const pixelAt = (landmarks: PoseLandmarks, name: keyof typeof LandmarkIndex) => ({
  x: Math.round(landmarks[LandmarkIndex[name]]!.x * width),
  y: Math.round(landmarks[LandmarkIndex[name]]!.y * height),
});

describe('drawSkeleton', () => {
  const landmarks = syntheticPose({ left: ARMS.out, right: ARMS.down, aspect: width / height });

  it('changes pixels only near the skeleton (luma and chroma)', () => {
    const frame = greyFrame();
    const before = frame.data.slice();
    drawSkeleton(frame, landmarks, { thickness });
    const changed = changedPixels(before, frame.data);
    expect(changed.length).toBeGreaterThan(1000);
    // Chroma samples cover 2x2 pixels: allow for the block around the corner pixel.
    const far = changed.filter(({ x, y, plane }) => distanceToSkeleton(landmarks, plane === 'y' ? x : x + 0.5, plane === 'y' ? y : y + 0.5) > thickness + 1.5);
    expect(far).toEqual([]);
  });

  it('paints each bone in its side colour', () => {
    const frame = greyFrame();
    drawSkeleton(frame, landmarks, { thickness });
    const { uOffset, vOffset, chromaWidth } = i420Layout(width, height);
    const shoulder = pixelAt(landmarks, 'leftShoulder');
    const elbow = pixelAt(landmarks, 'leftElbow');
    const mid = { x: Math.round((shoulder.x + elbow.x) / 2), y: Math.round((shoulder.y + elbow.y) / 2) };
    const c = (mid.y >> 1) * chromaWidth + (mid.x >> 1);
    expect(frame.data[mid.y * width + mid.x]).toBe(SIDE_COLOURS.left.y);
    expect(frame.data[uOffset + c]).toBe(SIDE_COLOURS.left.u);
    expect(frame.data[vOffset + c]).toBe(SIDE_COLOURS.left.v);
  });

  it('leaves out landmarks below the visibility threshold and their bones', () => {
    const hidden = syntheticPose({
      left: ARMS.out,
      right: ARMS.down,
      aspect: width / height,
      hidden: ['leftWrist', 'leftPinky', 'leftIndex', 'leftThumb'],
    });
    const frame = greyFrame();
    const before = frame.data.slice();
    drawSkeleton(frame, hidden, { thickness });
    const wrist = pixelAt(hidden, 'leftWrist');
    const elbow = pixelAt(hidden, 'leftElbow');
    const forearm = { x: Math.round((wrist.x + elbow.x) / 2), y: Math.round((wrist.y + elbow.y) / 2) };
    expect(frame.data[wrist.y * width + wrist.x]).toBe(before[wrist.y * width + wrist.x]);
    expect(frame.data[forearm.y * width + forearm.x]).toBe(before[forearm.y * width + forearm.x]);
    expect(frame.data[elbow.y * width + elbow.x]).toBe(SIDE_COLOURS.left.y);
  });

  it('clips landmarks guessed outside the frame', () => {
    const outside = landmarks.map((landmark) => ({ ...landmark, x: landmark.x + 0.8 }));
    const frame = greyFrame();
    expect(() => drawSkeleton(frame, outside, { thickness })).not.toThrow();
  });
});

describe('drawCaption', () => {
  it('writes white text on a dark box at the top left, and nothing outside the box', () => {
    const frame = greyFrame();
    const before = frame.data.slice();
    const lines = ['NORTH | 24.1 FPS | 38 MS', 'pose control: on'];
    const box = drawCaption(frame, lines, 2);
    expect(box.left).toBe(0);
    expect(box.top).toBe(0);
    expect(box.width).toBe(textWidth(lines[0]!) * 2 + 12);
    const outside = changedPixels(before, frame.data).filter(({ x, y }) => x >= box.width || y >= box.height);
    expect(outside).toEqual([]);
    // The first lit pixel of 'N' (column 0, row 0) at the padding offset.
    expect(frame.data[6 * width + 6]).toBe(235);
    // The box darkens the background between letters.
    expect(frame.data[(box.height - 1) * width + box.width - 1]).toBeLessThan(100);
  });

  it('draws every character of the font, unknown ones as ?', () => {
    let lit = 0;
    forEachTextPixel('~', () => lit++);
    let question = 0;
    forEachTextPixel('?', () => question++);
    expect(lit).toBe(question);
  });
});
