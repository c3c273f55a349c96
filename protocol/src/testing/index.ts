// Fixtures for other packages' tests (not for production code).
export { sampleTelemetry } from './sampleTelemetry.ts';
