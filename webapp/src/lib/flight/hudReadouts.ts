import type { Telemetry } from '@dronecast/protocol';

/** Below this the battery chip turns red and says LOW (ArduCopter's usual low-battery failsafe is near 20%). */
export const lowBatteryPercent = 25;

export type Tone = 'ok' | 'warn' | 'bad' | 'neutral';

export interface Chip {
  text: string;
  tone: Tone;
  /** What a screen reader says, when the short text isn't enough. */
  spoken?: string;
}

export function batteryChip(t: Telemetry): Chip {
  const percent = Math.round(t.battery.remaining);
  const low = percent < lowBatteryPercent;
  return {
    text: `${low ? 'LOW ' : ''}${percent}% ${t.battery.voltage.toFixed(1)} V`,
    tone: low ? 'bad' : percent < 50 ? 'warn' : 'ok',
    spoken: `Battery ${percent}%${low ? ', low: land soon' : ''}, ${t.battery.voltage.toFixed(1)} volts`,
  };
}

export function gpsChip(t: Telemetry): Chip {
  const fix = t.gps.fix >= 3 ? '3D' : t.gps.fix === 2 ? '2D' : 'no fix';
  return { text: `GPS ${fix} · ${t.gps.satellites}`, tone: t.gps.fix >= 3 ? 'ok' : 'bad', spoken: `GPS ${fix}, ${t.gps.satellites} satellites` };
}

export function modeChip(t: Telemetry): Chip {
  return { text: `${t.flightMode} · ${t.armed ? 'ARMED' : 'disarmed'}`, tone: t.armed ? 'warn' : 'neutral' };
}

/** The drone link as the pilot needs it: the server, the ground station, then the radio. */
export function linkChip(connection: string, agentOnline: boolean, t: Telemetry | null): Chip {
  if (connection !== 'connected') return { text: 'Server offline', tone: 'bad' };
  if (!agentOnline) return { text: 'Ground offline', tone: 'bad' };
  if (!t || t.state === 'disconnected') return { text: 'No drone', tone: 'bad' };
  if (t.linkLost) return { text: 'Drone link lost', tone: 'bad' };
  return { text: 'Drone link OK', tone: 'ok' };
}

/** Climb rate with its direction as an arrow, e.g. "↑ 1.2". */
export function climb(t: Telemetry): string {
  const v = t.verticalSpeed;
  const arrow = v > 0.05 ? '↑' : v < -0.05 ? '↓' : '';
  return `${arrow}${Math.abs(v).toFixed(1)}`;
}
