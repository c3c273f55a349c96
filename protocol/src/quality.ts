import { z } from 'zod';

/** The resolutions offered to people (any even size from 160x120 to 1920x1080 is accepted). */
export const resolutionPresets = ['320x240', '640x480', '1280x720'] as const;

const resolutionSchema = z
  .string()
  .regex(/^\d{2,4}x\d{2,4}$/, 'resolution must look like 640x480')
  .refine((text) => {
    const [w = 0, h = 0] = text.split('x').map(Number);
    return w % 2 === 0 && h % 2 === 0 && w >= 160 && w <= 1920 && h >= 120 && h <= 1080;
  }, 'resolution must be even, from 160x120 to 1920x1080');

const whole = (what: string, min: number, max: number) =>
  z
    .number({ error: `${what} must be a number` })
    .int(`${what} must be a whole number`)
    .min(min, `${what} must be ${min}-${max}`)
    .max(max, `${what} must be ${min}-${max}`);

/** What the drone video looks like on every transport; changed live. */
export const videoQualitySchema = z.strictObject({
  resolution: resolutionSchema,
  /** Up to 60: a drone camera's 60 fps halves the time between frames. */
  fps: whole('fps', 1, 60),
  jpegQuality: whole('JPEG quality', 10, 95),
  maxBitrateKbps: whole('the WebRTC bitrate (kbit/s)', 100, 20000),
  /**
   * Set by the ground agent for a camera passed through without re-encoding: its resolution,
   * frame rate and bitrate are what the camera sends and are changed on the camera, not here
   * (the JPEG quality of the fallbacks still is). Absent: the agent encodes and sets all four.
   */
  camera: z.strictObject({ codec: z.string().max(32), profile: z.string().max(64) }).optional(),
});
export type VideoQuality = z.infer<typeof videoQualitySchema>;

/** The settings the camera decides when its video is passed through (see VideoQuality.camera). */
export const cameraOwnedSettings = ['resolution', 'fps', 'maxBitrateKbps'] as const;

/** A change: any subset of the settings, at least one. */
export const setQualityRequest = videoQualitySchema
  .omit({ camera: true })
  .partial()
  .refine((change) => Object.keys(change).length > 0, 'give at least one setting to change');

/** The ground agent's answer to video:apply. */
export const applyAnswerSchema = z.object({ ok: z.boolean(), message: z.string() });

export const defaultVideoQuality: VideoQuality = { resolution: '640x480', fps: 30, jpegQuality: 60, maxBitrateKbps: 1500 };

export function parseResolution(resolution: string): { width: number; height: number } {
  const [width = 0, height = 0] = resolution.split('x').map(Number);
  return { width, height };
}
