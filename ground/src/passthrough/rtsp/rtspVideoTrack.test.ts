import { describe, expect, it } from 'vitest';
import { rtspVideoTrack } from './rtspVideoTrack.ts';

const sdp = (...lines: string[]): string => `${lines.join('\r\n')}\r\n`;

/** As gst-rtsp-server answers DESCRIBE for a launch line ending in rtph264pay name=pay0 pt=96. */
const gstreamer = (sessionControl: string[]) =>
  sdp(
    'v=0',
    'o=- 1188340656180883 1 IN IP4 127.0.0.1',
    's=Session streamed with GStreamer',
    'i=rtsp-server',
    't=0 0',
    'a=tool:GStreamer',
    'a=type:broadcast',
    ...sessionControl,
    'a=range:npt=now-',
    'm=video 0 RTP/AVP 96',
    'c=IN IP4 0.0.0.0',
    'b=AS:2000',
    'a=rtpmap:96 H264/90000',
    'a=framerate:30',
    'a=fmtp:96 packetization-mode=1;sprop-parameter-sets=Z0LAHtkDxWhAAAADAEAAAAwDxYuS,aMuMsg==;profile-level-id=42C01E;level-asymmetry-allowed=1',
    'a=control:stream=0',
    'a=ts-refclk:local',
    'a=mediaclk:sender',
  );

/** As a Hikvision-style IP camera answers: absolute control URLs, audio after the video. */
const ipCamera = sdp(
  'v=0',
  'o=- 1109162014219182 1109162014219192 IN IP4 192.168.1.10',
  's=Media Presentation',
  'e=NONE',
  'b=AS:5050',
  't=0 0',
  'a=control:rtsp://192.168.1.10:554/Streaming/Channels/101/',
  'm=video 0 RTP/AVP 96',
  'c=IN IP4 0.0.0.0',
  'b=AS:5000',
  'a=recvonly',
  'a=x-dimensions:1920,1080',
  'a=control:rtsp://192.168.1.10:554/Streaming/Channels/101/trackID=1',
  'a=rtpmap:96 H264/90000',
  'a=fmtp:96 profile-level-id=420029; packetization-mode=1; sprop-parameter-sets=Z00AKp2oHgCJ+WbgICAoAAADAAgAAAMBlCA=,aO48gA==',
  'm=audio 0 RTP/AVP 8',
  'c=IN IP4 0.0.0.0',
  'b=AS:50',
  'a=recvonly',
  'a=control:rtsp://192.168.1.10:554/Streaming/Channels/101/trackID=2',
  'a=rtpmap:8 PCMA/8000',
);

describe('rtspVideoTrack', () => {
  it('reads a GStreamer SDP without a session control: the session is the URL described', () => {
    expect(rtspVideoTrack(gstreamer([]), 'rtsp://127.0.0.1:8554/test')).toEqual({
      codec: 'H264',
      payloadType: 96,
      controlUrl: 'rtsp://127.0.0.1:8554/test/stream=0',
      sessionUrl: 'rtsp://127.0.0.1:8554/test',
    });
  });

  it("reads a GStreamer SDP whose session control is '*' as the same", () => {
    expect(rtspVideoTrack(gstreamer(['a=control:*']), 'rtsp://127.0.0.1:8554/test')).toEqual({
      codec: 'H264',
      payloadType: 96,
      controlUrl: 'rtsp://127.0.0.1:8554/test/stream=0',
      sessionUrl: 'rtsp://127.0.0.1:8554/test',
    });
  });

  it('appends the control to a base ending in a slash without doubling it', () => {
    const track = rtspVideoTrack(gstreamer(['a=control:*']), 'rtsp://127.0.0.1:8554/test/');
    expect(track?.controlUrl).toBe('rtsp://127.0.0.1:8554/test/stream=0');
    expect(track?.sessionUrl).toBe('rtsp://127.0.0.1:8554/test/');
  });

  it("takes an IP camera's absolute control URLs as they are, whatever the base", () => {
    expect(rtspVideoTrack(ipCamera, 'rtsp://192.168.1.10/Streaming/Channels/101')).toEqual({
      codec: 'H264',
      payloadType: 96,
      controlUrl: 'rtsp://192.168.1.10:554/Streaming/Channels/101/trackID=1',
      sessionUrl: 'rtsp://192.168.1.10:554/Streaming/Channels/101/',
    });
  });

  it('finds the video when the audio comes first', () => {
    const audioFirst = sdp(
      'v=0',
      'o=- 0 0 IN IP4 10.0.0.2',
      's=cam',
      't=0 0',
      'm=audio 0 RTP/AVP 97',
      'a=rtpmap:97 MPEG4-GENERIC/16000/1',
      'a=control:track1',
      'm=video 0 RTP/AVP 98',
      'a=rtpmap:98 H264/90000',
      'a=control:track2',
    );
    expect(rtspVideoTrack(audioFirst, 'rtsp://10.0.0.2/live')).toEqual({
      codec: 'H264',
      payloadType: 98,
      controlUrl: 'rtsp://10.0.0.2/live/track2',
      sessionUrl: 'rtsp://10.0.0.2/live',
    });
  });

  it('names a static payload type 26 without an rtpmap as JPEG', () => {
    const mjpeg = sdp('v=0', 'o=- 0 0 IN IP4 10.0.0.2', 's=cam', 't=0 0', 'm=video 0 RTP/AVP 26', 'a=control:trackID=0');
    expect(rtspVideoTrack(mjpeg, 'rtsp://10.0.0.2/mjpeg')).toEqual({
      codec: 'JPEG',
      payloadType: 26,
      controlUrl: 'rtsp://10.0.0.2/mjpeg/trackID=0',
      sessionUrl: 'rtsp://10.0.0.2/mjpeg',
    });
  });

  it('reads an H265 rtpmap, in upper case whatever the case sent', () => {
    const h265 = sdp('v=0', 'o=- 0 0 IN IP4 10.0.0.2', 's=cam', 't=0 0', 'm=video 0 RTP/AVP 96', 'a=rtpmap:96 h265/90000', 'a=fmtp:96 sprop-vps=QAEMAf//AWAAAAMAAAMAAAMAAAMAlqwJ', 'a=control:trackID=1');
    expect(rtspVideoTrack(h265, 'rtsp://10.0.0.2/h265')).toMatchObject({ codec: 'H265', payloadType: 96 });
  });

  it('takes the first payload type of the video, with its own rtpmap', () => {
    const two = sdp('v=0', 'o=- 0 0 IN IP4 10.0.0.2', 's=cam', 't=0 0', 'm=video 0 RTP/AVP 97 96', 'a=rtpmap:96 H264/90000', 'a=rtpmap:97 H265/90000');
    expect(rtspVideoTrack(two, 'rtsp://10.0.0.2/x')).toMatchObject({ codec: 'H265', payloadType: 97, controlUrl: 'rtsp://10.0.0.2/x' });
  });

  it('resolves a relative media control against an absolute session control', () => {
    const text = sdp('v=0', 'o=- 0 0 IN IP4 10.0.0.2', 's=cam', 't=0 0', 'a=control:rtsp://10.0.0.2:554/live/', 'm=video 0 RTP/AVP 96', 'a=rtpmap:96 H264/90000', 'a=control:trackID=0');
    expect(rtspVideoTrack(text, 'rtsp://10.0.0.2/other')).toMatchObject({
      controlUrl: 'rtsp://10.0.0.2:554/live/trackID=0',
      sessionUrl: 'rtsp://10.0.0.2:554/live/',
    });
  });

  it('gives undefined when the camera offers no video', () => {
    const audioOnly = sdp('v=0', 'o=- 0 0 IN IP4 10.0.0.2', 's=mic', 't=0 0', 'm=audio 0 RTP/AVP 0', 'a=control:trackID=0');
    expect(rtspVideoTrack(audioOnly, 'rtsp://10.0.0.2/mic')).toBeUndefined();
  });
});
