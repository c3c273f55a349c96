// Browser-safe: the web app imports this as @dronecast/peer/transport. Nothing here may import
// Node modules or wrtc (the Node side sets wrtc's globals before building a Device).
export * from './MediaTransport.ts';
export * from './MediaTransportTypes.ts';
export * from './IceRecovery.ts';
