export type { FrameSamples, FrameStats } from '@dronecast/protocol';
