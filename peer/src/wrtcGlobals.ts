import wrtc from '@roamhq/wrtc';

// mediasoup-client looks these up globally; in Node they come from wrtc. Imported for its effect
// by every module that builds a mediasoup-client Device.
Object.assign(globalThis, { RTCPeerConnection: wrtc.RTCPeerConnection, MediaStream: wrtc.MediaStream });

export { wrtc };
