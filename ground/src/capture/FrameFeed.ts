import type { VideoSource } from '../video/VideoSource.ts';

/**
 * What photos and recordings need from a video: its frames, its end, and its nominal rate. The
 * drone camera is one; the processed phone video, received from the SFU, can be another.
 */
export type FrameFeed = Pick<VideoSource, 'description' | 'format' | 'on' | 'off'>;
