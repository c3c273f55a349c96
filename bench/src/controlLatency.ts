import fs from 'node:fs';
import path from 'node:path';
import { io, type Socket } from 'socket.io-client';
import type { LoopbackStack } from '@dronecast/launcher';
import { percentile, pilotAliveIntervalMs, round, type CommandOutcome, type Direction, type Telemetry } from '@dronecast/protocol';
import { floatAt, type MavlinkTap } from './MavlinkTap.ts';

const SET_POSITION_TARGET_LOCAL_NED = 84;
const COMMAND_LONG = 76;
const MAV_CMD_CONDITION_YAW = 115;

export interface ControlLatencyResult {
  commands: number;
  goToSetpointMs: { p50: number; p95: number; max: number };
  headingToCommandLongMs: { p50: number; p95: number; max: number };
}

/**
 * Commands a second, as fast as a pilot's phone really sends them (stick setpoints at 10-20 Hz),
 * and well inside the SFU's per-client limit (50 messages a second): back to back, the bench was
 * refused as a flood after its first 200 messages.
 */
export const commandsPerSecond = 20;

/** Expected NED velocity of a go() at 1 m/s, to tell this command's setpoint from a resend of the last. */
const velocity: Partial<Record<Direction, [number, number]>> = { North: [1, 0], East: [0, 1], Stop: [0, 0] };

/**
 * A pilot (socket.io, as the phone app) flies the simulator; each command's latency runs from the
 * emit to the matching MAVLink bytes leaving the ground agent (seen by the tap).
 */
export async function measureControlLatency(stack: LoopbackStack, tap: MavlinkTap, count: number): Promise<ControlLatencyResult> {
  const token = new URL(stack.pilotUrl).searchParams.get('token') ?? '';
  const pilot: Socket = io(stack.origin, {
    auth: { token },
    transports: ['websocket'],
    ca: fs.readFileSync(path.join(stack.dir, 'certs/ca.pem'), 'utf8'),
  });
  const alive = setInterval(() => pilot.emit('control:alive', {}), pilotAliveIntervalMs);
  let telemetry: Telemetry | undefined;
  pilot.on('drone:telemetry', (t: Telemetry) => (telemetry = t));
  let lastSentAt = -Infinity;
  /** Sends at the pace above; `sentAt` (epoch ms) is when the emit left, after any wait for the pace. */
  const sendTimed = async (command: object): Promise<{ outcome: CommandOutcome; sentAt: number }> => {
    const wait = lastSentAt + 1000 / commandsPerSecond - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    lastSentAt = performance.now();
    const sentAt = performance.timeOrigin + lastSentAt;
    const reply = (await pilot.timeout(15_000).emitWithAck('drone:command', { command })) as { ok: boolean; data?: CommandOutcome; error?: { message: string } };
    if (!reply.ok || !reply.data) throw new Error(`command refused: ${reply.error?.message}`);
    return { outcome: reply.data, sentAt };
  };
  const send = async (command: object): Promise<CommandOutcome> => (await sendTimed(command)).outcome;
  try {
    await until(() => telemetry?.state === 'connected', 30_000, 'the drone connection');
    await until(async () => (await send({ type: 'arm' })).ok, 20_000, 'arming (GPS fix)');
    const takeoff = await send({ type: 'takeoff', altitude: 3 });
    if (!takeoff.ok) throw new Error(`take-off refused: ${takeoff.message}`);
    await until(() => telemetry?.state === 'flying' && telemetry.altRel > 2.5, 30_000, 'reaching 3 m');

    const go: number[] = [];
    const directions: Direction[] = ['North', 'East', 'Stop'];
    for (let i = 0; i < count; i++) {
      const direction = directions[i % directions.length] ?? 'Stop';
      const [vn, ve] = velocity[direction] ?? [0, 0];
      const seen = tap.next(
        (m) => m.msgid === SET_POSITION_TARGET_LOCAL_NED && Math.abs(floatAt(m.payload, 16) - vn) < 0.01 && Math.abs(floatAt(m.payload, 20) - ve) < 0.01,
      );
      const { outcome, sentAt } = await sendTimed({ type: 'go', direction });
      if (!outcome.ok) throw new Error(`go ${direction} refused: ${outcome.message}`);
      go.push((await seen) - sentAt);
    }
    const heading: number[] = [];
    for (let i = 0; i < 20; i++) {
      const degrees = i % 2 === 0 ? 90 : 180;
      const seen = tap.next((m) => m.msgid === COMMAND_LONG && m.payload.readUInt16LE(28) === MAV_CMD_CONDITION_YAW && Math.abs(floatAt(m.payload, 0) - degrees) < 0.01);
      const { sentAt } = await sendTimed({ type: 'heading', degrees });
      heading.push((await seen) - sentAt);
    }
    await send({ type: 'land' });
    const summary = (values: number[]) => ({
      p50: round(percentile(values, 50) ?? Number.NaN, 2),
      p95: round(percentile(values, 95) ?? Number.NaN, 2),
      max: round(Math.max(...values), 2),
    });
    return { commands: go.length, goToSetpointMs: summary(go), headingToCommandLongMs: summary(heading) };
  } finally {
    clearInterval(alive);
    pilot.disconnect();
  }
}

async function until(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
