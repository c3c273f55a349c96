import { common } from 'node-mavlink';
import { describe, expect, it } from 'vitest';
import { gcsVideoStream } from './gcsVideoStream.ts';

describe('gcsVideoStream', () => {
  it('describes the --gcs-video stream as QGroundControl reads it: H.264 over RTP/UDP on its port, at the camera\'s format', () => {
    let format = { width: 1280, height: 720, fps: 60, bitrateKbps: 2500 };
    const streams = gcsVideoStream({ port: 5600, format: () => format });
    const [info] = streams.information();
    expect(info).toMatchObject({
      streamId: 1,
      count: 1,
      type: common.VideoStreamType.RTPUDP,
      flags: common.VideoStreamStatusFlags.RUNNING,
      encoding: common.VideoStreamEncoding.H264,
      uri: 'udp://0.0.0.0:5600',
      resolutionH: 1280,
      resolutionV: 720,
      framerate: 60,
      bitrate: 2_500_000,
    });
    format = { width: 640, height: 480, fps: 30, bitrateKbps: 900 };
    expect(streams.information()[0]).toMatchObject({ resolutionH: 640, resolutionV: 480, framerate: 30 });
  });
});
