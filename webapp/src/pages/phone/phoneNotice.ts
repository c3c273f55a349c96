import type { SessionStatus } from '../../lib/session/SessionTypes.ts';
import type { VideoStatus } from '../../lib/video/DroneVideoTypes.ts';
import type { TransportFallback } from '../../lib/video/transportFallback.ts';

type VideoStatusText = Pick<VideoStatus, 'state' | 'message'> & { fallback?: TransportFallback | null };

export type NoticeAction = 'reconnect' | 'retry-video';

export interface PhoneNotice {
  tone: 'info' | 'warning' | 'error';
  text: string;
  action?: NoticeAction;
}

/** The one message the phone page shows under the video, in plain words, or null when all is well. */
export function phoneNotice(session: SessionStatus, video: VideoStatusText): PhoneNotice | null {
  switch (session.connection) {
    case 'no-token':
    case 'refused':
      return null; // the full-screen access problem says it (accessProblem)
    case 'disconnected':
      return { tone: 'warning', text: session.error ?? 'Disconnected from the ground station.', action: 'reconnect' };
    case 'connecting':
      return { tone: 'info', text: session.error ?? 'Connecting to the ground station…' };
    case 'reconnecting':
      return { tone: 'warning', text: session.error ?? 'Connection lost. Reconnecting…' };
    case 'connected':
      break;
  }
  // Why the page left the transport the user picked (the console switched it off), unless WebRTC failed too.
  if (video.fallback && video.state !== 'failed') return { tone: 'info', text: video.fallback.notice };
  switch (video.state) {
    case 'idle':
      return { tone: 'info', text: 'Connected. Waiting for the server to set up this phone…' };
    case 'waiting-for-drone':
    case 'connecting':
      return { tone: 'info', text: video.message };
    case 'failed':
      return { tone: 'error', text: video.message, action: 'retry-video' };
    case 'playing':
      return null;
  }
}
