import { z } from 'zod';
import { runTool } from './runTool.ts';

export interface VideoProbe {
  codec: string;
  width: number;
  height: number;
  durationMs: number;
  fps: number;
}

const probeSchema = z.object({
  streams: z.array(z.object({ codec_type: z.string(), codec_name: z.string().optional(), width: z.number().optional(), height: z.number().optional(), avg_frame_rate: z.string().optional() })),
  format: z.object({ duration: z.string().optional() }),
});

/** What ffprobe says about a video file's first video stream; rejects if it has none. */
export async function probeVideo(file: string, ffprobePath = 'ffprobe'): Promise<VideoProbe> {
  const { stdout } = await runTool(ffprobePath, ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', file], 15_000);
  const probe = probeSchema.parse(JSON.parse(stdout.toString('utf8')));
  const video = probe.streams.find((stream) => stream.codec_type === 'video');
  if (!video?.codec_name || !video.width || !video.height) throw new Error('no video stream in the file');
  const [num = 0, den = 1] = (video.avg_frame_rate ?? '0/1').split('/').map(Number);
  return {
    codec: video.codec_name,
    width: video.width,
    height: video.height,
    durationMs: Math.round(Number(probe.format.duration ?? 0) * 1000),
    fps: den > 0 ? Math.round((num / den) * 100) / 100 : 0,
  };
}
