import { describe, expect, it } from 'vitest';
import { bitrateFor, cameraFor, expectedCodec, issueFormats, parseFormats, pathName, planRuns } from './passthroughPlan.ts';

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

  it('runs each format\'s paths back to back, with the RTSP run right after the UDP passthrough run and the playout-delay-off run beside them, only where asked', () => {
    const runs = planRuns(parseFormats('640x480@30,1280x720@60'), { playoutDelayOffAt: '640x480@30', rtspAt: '640x480@30' });
    expect(runs.map((r) => `${r.label} ${r.path} ${r.source} ${r.playoutDelay}`)).toEqual([
      '640x480@30 passthrough rtp 0',
      '640x480@30 passthrough rtsp 0',
      '640x480@30 passthrough rtp off',
      '640x480@30 transcode rtp null',
      '1280x720@60 passthrough rtp 0',
      '1280x720@60 transcode rtp null',
    ]);
    expect(planRuns(parseFormats('640x480@30'), { playoutDelayOffAt: undefined, rtspAt: undefined })).toHaveLength(2);
    expect(planRuns(parseFormats('640x480@30,1280x720@60'), { playoutDelayOffAt: undefined, rtspAt: '1280x720@60' }).map((r) => `${r.label} ${pathName(r)}`)).toEqual([
      '640x480@30 passthrough',
      '640x480@30 transcode',
      '1280x720@60 passthrough',
      '1280x720@60 passthrough (RTSP)',
      '1280x720@60 transcode',
    ]);
  });

  it('expects H.264 from the passthrough path, over RTSP too, and VP8 from the transcode path', () => {
    expect(expectedCodec({ path: 'passthrough' })).toBe('video/H264');
    expect(expectedCodec({ path: 'transcode' })).toBe('video/VP8');
  });

  it('has the camera send RTP or MPEG-TS over UDP, or serve itself over RTSP, with the ground agent\'s --camera to match', () => {
    expect(cameraFor({ path: 'passthrough', source: 'rtp' }, 5600)).toEqual({ delivery: 'rtp', agentCamera: 'rtp:127.0.0.1:5600' });
    expect(cameraFor({ path: 'transcode', source: 'rtp' }, 5600)).toEqual({ delivery: 'mpegts', agentCamera: 'udp://127.0.0.1:5600' });
    expect(cameraFor({ path: 'passthrough', source: 'rtsp' }, 8554)).toEqual({ delivery: 'rtsp', agentCamera: 'rtsp://127.0.0.1:8554/live' });
    // The agent passes an H.264 RTSP camera through: there is no transcode run over RTSP to make.
    expect(() => cameraFor({ path: 'transcode', source: 'rtsp' }, 8554)).toThrow(/UDP only/);
  });
});
