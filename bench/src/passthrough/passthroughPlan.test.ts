import { describe, expect, it } from 'vitest';
import { bitrateFor, expectedCodec, issueFormats, parseFormats, planRuns } from './passthroughPlan.ts';

describe('the passthrough bench plan', () => {
  it('reads the issue\'s formats, and refuses what is not WIDTHxHEIGHT@FPS', () => {
    expect(parseFormats(issueFormats)).toEqual([
      { width: 640, height: 480, fps: 30 },
      { width: 1280, height: 720, fps: 30 },
      { width: 1280, height: 720, fps: 60 },
    ]);
    expect(() => parseFormats('1280x720')).toThrow(/"1280x720" is not a format/);
    expect(() => parseFormats('641x480@30')).toThrow(/even sizes/);
    expect(() => parseFormats('640x480@120')).toThrow(/1-60 fps/);
  });

  it('gives both paths the default cap at 640x480@30, and more as the pixel rate grows, less than in proportion', () => {
    expect(bitrateFor({ width: 640, height: 480, fps: 30 })).toBe(1500);
    expect(bitrateFor({ width: 1280, height: 720, fps: 30 })).toBe(3400);
    expect(bitrateFor({ width: 1280, height: 720, fps: 60 })).toBe(5800);
  });

  it('runs each format\'s paths back to back, with the playout-delay-off run beside its zero-delay run only where asked', () => {
    const runs = planRuns(parseFormats('640x480@30,1280x720@60'), '640x480@30');
    expect(runs.map((r) => `${r.label} ${r.path} ${r.playoutDelay}`)).toEqual([
      '640x480@30 passthrough 0',
      '640x480@30 passthrough off',
      '640x480@30 transcode null',
      '1280x720@60 passthrough 0',
      '1280x720@60 transcode null',
    ]);
    expect(planRuns(parseFormats('640x480@30'), undefined)).toHaveLength(2);
  });

  it('expects H.264 from the passthrough path and VP8 from the transcode path', () => {
    expect(expectedCodec({ path: 'passthrough' })).toBe('video/H264');
    expect(expectedCodec({ path: 'transcode' })).toBe('video/VP8');
  });
});
