import type { Session } from './session/Session.ts';
import type { FrameStatistics } from './video/FrameStatistics.ts';
import type { LiveVideo } from './video/LiveVideo.ts';

/** Publishes the page's measurements as `window.__dronecast` (plain JSON-able values only). */
export function publishTestHook(parts: { session: Session; video: LiveVideo; statistics: FrameStatistics }): void {
  const { session, video, statistics } = parts;
  window.__dronecast = {
    stats: () => ({
      ...statistics.stats(),
      connection: session.status.value.connection,
      video: video.status.value.state,
      transport: video.transport,
      clock: session.clock,
      bytesReceived: video.bytesReceived,
      mediaProtocol: video.mediaProtocol,
      codec: video.codec,
    }),
    samples: () => statistics.samples(),
    reset: () => statistics.reset(),
  };
}
