import {
  airborneStates,
  bodyDirections,
  commandAllowed,
  compassDirections,
  type DroneCommand,
  type Telemetry,
} from '@dronecast/protocol';
import { Refusal } from './ActionTally.ts';
import type { DroneWatch } from './DroneWatch.ts';
import type { NodePhone } from './NodePhone.ts';
import type { Random } from '../support/Random.ts';

export interface SortieContext {
  watch: DroneWatch;
  random: Random;
  /** Counts every drone:command sent. */
  onCommand(): void;
}

const airborne = (t: Telemetry): boolean => airborneStates.has(t.state);
/** On the ground and disarmed: auto-disarm has happened after touch-down. */
const parked = (t: Telemetry): boolean => !airborne(t) && !t.armed;

/**
 * One pilot's turn at the drone: take control, get it flying from whatever state the last pilot
 * left it in (parked, hovering, landing), move it with the pad and the sticks, land or return
 * home, give control back. Steps follow the contract's own rule (commandAllowed) on the
 * telemetry the phone sees, so a refusal from the ground agent means the two disagree.
 */
export async function flySortie(pilot: NodePhone, { watch, random, onCommand }: SortieContext): Promise<void> {
  await pilot.request('control:acquire', {});
  const stopAlive = pilot.keepAlive();
  const send = async (command: DroneCommand): Promise<void> => {
    const verdict = commandAllowed(command, watch.telemetry);
    if (!verdict.ok) throw new Refusal(`${command.type} not sent: ${verdict.why}`);
    onCommand();
    const outcome = await pilot.request('drone:command', { command });
    if (outcome.ok) return;
    // The rule said yes on the phone's telemetry; the vehicle (or the agent's pre-check) said no: worth listing, not a fault.
    if (outcome.reason === 'not-allowed' || outcome.reason === 'denied') throw new Refusal(`${command.type}: ${outcome.reason}: ${outcome.message}`);
    throw new Error(`${command.type}: ${outcome.reason}: ${outcome.message}`);
  };
  try {
    let t = await watch.until(() => true, 5000, 'telemetry');
    if (t.state === 'landing' || t.state === 'returning') {
      // Someone else's landing is under way (a pilot that left, or the failsafe): let it finish.
      await watch.until(parked, 120_000, 'touch-down and disarm');
      return;
    }
    if (!airborne(t)) {
      // Both ways a pilot starts: Arm then Take off, or Take off alone (the agent arms).
      if (random.chance(0.5)) await send({ type: 'arm' });
      await send({ type: 'takeoff', altitude: random.int(3, 6) });
      t = await watch.until((s) => s.state === 'flying', 45_000, 'flying after take-off');
    }
    // Another pilot's LOITER or a takeover leaves it outside GUIDED: take over, as the phone's button does.
    if (t.flightMode !== 'GUIDED') {
      await send({ type: 'setMode', mode: 'GUIDED' });
      await watch.until((s) => s.flightMode === 'GUIDED', 10_000, 'GUIDED');
    }
    for (let move = random.int(1, 3); move > 0; move--) {
      if (random.chance(0.5)) await padMove(send, random);
      else await stickMove(send, random);
    }
    if (random.chance(0.15)) await send({ type: 'rtl' });
    else await send({ type: 'land' });
    await watch.until(parked, 150_000, 'touch-down and disarm');
  } finally {
    stopAlive();
    if (!pilot.leaving) await pilot.request('control:release', {}).catch(() => {});
  }
}

type Send = (command: DroneCommand) => Promise<void>;

/** A tap on the pad: a direction held for a couple of seconds, then Stop. */
async function padMove(send: Send, random: Random): Promise<void> {
  if (random.chance(0.3)) await send({ type: 'setSpeed', metersPerSecond: random.int(1, 4) });
  const directions = [...compassDirections, ...bodyDirections.filter((d) => d !== 'Down')];
  await send({ type: 'go', direction: random.pick(directions) });
  await sleep(random.between(1500, 3500));
  await send({ type: 'go', direction: 'Stop' });
}

/** The sticks held for a while at 12.5 updates a second, as the phone sends them, then let go. */
async function stickMove(send: Send, random: Random): Promise<void> {
  const axis = (): number => Math.round(random.between(-0.8, 0.8) * 100) / 100;
  const stick = { type: 'stick', forward: axis(), right: axis(), up: Math.abs(axis()) / 2, yaw: axis() } as const;
  const until = Date.now() + random.between(1500, 3000);
  while (Date.now() < until) {
    await send(stick);
    await sleep(80);
  }
  await send({ type: 'stick', forward: 0, right: 0, up: 0, yaw: 0 });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
