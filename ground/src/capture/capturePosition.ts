import type { CapturePosition, Telemetry } from '@dronecast/protocol';

/** Where the drone is, for a capture's metadata; null when no drone is connected (nothing to say). */
export function capturePosition(telemetry: Telemetry | undefined): CapturePosition | null {
  if (!telemetry || telemetry.state === 'disconnected') return null;
  const { lat, lon, altRel, altAbs, heading, linkLost } = telemetry;
  return { lat, lon, altRel, altAbs, heading, stale: linkLost };
}
