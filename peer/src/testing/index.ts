// Test support for peer/ and the processes built on it (not for production code): a scripted
// SFU on real sockets, mediasoup-client on its fake handler, a manual clock, a recording logger.
export * from './fakeMediasoup.ts';
export * from './ManualTimers.ts';
export * from './RecordingLogger.ts';
export * from './ScriptedSfu.ts';
export * from './ScriptedSignaling.ts';
