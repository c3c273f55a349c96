export { createVideoSource, type CreateVideoSourceOptions } from './createVideoSource.ts';
export { FfmpegSource, type FfmpegSourceOptions } from './FfmpegSource.ts';
export type { FfmpegInput } from './ffmpegInput.ts';
export { parseSourceSpec, sourceSpecForms, type SourceSpec, type FrameSourceSpec, type PassthroughSpec } from './parseSourceSpec.ts';
export { TestPatternSource, type TestPatternSourceOptions } from './TestPatternSource.ts';
export { assertValidVideoFormat, defaultVideoFormat, formatLabel, videoFormatLimits, videoFormatProblems } from './videoFormatRules.ts';
