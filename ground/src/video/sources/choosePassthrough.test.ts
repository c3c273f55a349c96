import type { Logger } from '@dronecast/protocol';
import { describe, expect, it } from 'vitest';
import type { RtspCameraOffer } from '../../passthrough/rtsp/RtspCameraIngest.ts';
import { choosePassthrough } from './choosePassthrough.ts';
import { parseSourceSpec, type SourceSpec } from './parseSourceSpec.ts';

function recordingLogger(): Logger & { lines: { level: string; message: string }[] } {
  const lines: { level: string; message: string }[] = [];
  const at = (level: string) => (message: string) => void lines.push({ level, message });
  const logger = { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error'), child: () => logger };
  return logger;
}

/** An offer function answering `answer`, recording the URLs asked. */
function offering(answer: RtspCameraOffer) {
  const asked: string[] = [];
  const offer = async (url: string): Promise<RtspCameraOffer> => {
    asked.push(url);
    return answer;
  };
  return { asked, offer };
}

const track = (codec: string) => ({ codec, payloadType: 96, controlUrl: 'rtsp://cam/live/trackID=1', sessionUrl: 'rtsp://cam/live/' });
const cameraUrl = 'rtsp://admin:s3cret@192.168.1.10:554/live';
const camera: SourceSpec = { kind: 'stream', url: cameraUrl };

describe('choosePassthrough', () => {
  it('passes an H.264 rtsp:// camera through, asking it at its full URL, and logs nothing', async () => {
    const { asked, offer } = offering({ track: track('H264') });
    const logger = recordingLogger();
    expect(await choosePassthrough(camera, logger, offer)).toEqual({ kind: 'h264-rtsp', url: cameraUrl });
    expect(asked).toEqual([cameraUrl]);
    expect(logger.lines).toEqual([]);
  });

  it('accepts the scheme in any case', async () => {
    const { asked, offer } = offering({ track: track('H264') });
    const spec = parseSourceSpec('RTSP://cam/live');
    expect(await choosePassthrough(spec, recordingLogger(), offer)).toEqual({ kind: 'h264-rtsp', url: 'RTSP://cam/live' });
    expect(asked).toHaveLength(1);
  });

  it.each(['H265', 'JPEG'])('keeps a %s camera as a stream to decode, warning with the codec and no password', async (codec) => {
    const logger = recordingLogger();
    expect(await choosePassthrough(camera, logger, offering({ track: track(codec) }).offer)).toBe(camera);
    expect(logger.lines).toHaveLength(1);
    expect(logger.lines[0]!.level).toBe('warn');
    expect(logger.lines[0]!.message).toContain(`sends ${codec}`);
    expect(logger.lines[0]!.message).toContain('rtsp://admin:***@192.168.1.10:554/live');
    expect(logger.lines[0]!.message).not.toContain('s3cret');
  });

  it('takes a camera that does not answer as H.264, warning why without the password', async () => {
    const logger = recordingLogger();
    const { offer } = offering({ error: new Error('no answer within 5 s') });
    expect(await choosePassthrough(camera, logger, offer)).toEqual({ kind: 'h264-rtsp', url: cameraUrl });
    expect(logger.lines).toHaveLength(1);
    expect(logger.lines[0]!.level).toBe('warn');
    expect(logger.lines[0]!.message).toContain('no answer within 5 s');
    expect(logger.lines[0]!.message).toContain('rtsp://admin:***@192.168.1.10:554/live');
    expect(logger.lines[0]!.message).not.toContain('s3cret');
  });

  it.each(['pattern', 'pattern:1280x720@30', 'rtsps://cam/live', 'udp://@:5000', 'srt://drone:9000', 'rtp:0.0.0.0:5600', '/dev/video0'])(
    'returns %s as parsed, without asking any camera',
    async (text) => {
      const spec = parseSourceSpec(text, () => false);
      const logger = recordingLogger();
      const offer = async (): Promise<RtspCameraOffer> => {
        throw new Error(`asked a camera for ${text}`);
      };
      expect(await choosePassthrough(spec, logger, offer)).toBe(spec);
      expect(logger.lines).toEqual([]);
    },
  );

  it('returns rtp:0.0.0.0:5600 as the H.264 RTP passthrough it parses to', async () => {
    const spec = parseSourceSpec('rtp:0.0.0.0:5600');
    expect(await choosePassthrough(spec, recordingLogger(), offering({ track: track('H265') }).offer)).toEqual({ kind: 'h264-rtp', host: '0.0.0.0', port: 5600 });
  });
});
