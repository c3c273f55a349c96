export * from './SignalingLink.ts';
export * from './WebRtcPublisher.ts';
export * from './WebRtcSubscriber.ts';
export * from './RawVideoFrame.ts';
export * from './RetryAttempts.ts';
