import type { Session } from './session/Session.ts';
import type { DroneVideo } from './video/DroneVideo.ts';
import type { FrameMeter } from './video/FrameMeter.ts';

/** Publishes the page's measurements as `window.__dronecast` (plain JSON-able values only). */
export function publishTestHook(parts: { session: Session; video: DroneVideo; meter: FrameMeter }): void {
  const { session, video, meter } = parts;
  window.__dronecast = {
    stats: () => ({
      ...meter.stats(),
      connection: session.status.value.connection,
      video: video.status.value.state,
      clock: session.clock,
      bytesReceived: video.bytesReceived,
    }),
    samples: () => meter.samples(),
    reset: () => meter.reset(),
  };
}
