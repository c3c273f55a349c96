import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VehicleSimulator } from '@dronecast/ground/simulator';
import { freePort, startLoopbackStack, type LoopbackStack } from '@dronecast/launcher';
import { pilotAliveIntervalMs, type Ack, type CommandOutcome, type DroneEvent, type Telemetry } from '@dronecast/protocol';
import { connectClient, tokenOf, type TestClient } from './support/signalingClient.ts';

let sim: VehicleSimulator;
let simPort: number;
let stack: LoopbackStack;
let viewer: TestClient;
const telemetry: { at: number; sample: Telemetry }[] = [];
const events: DroneEvent[] = [];

const certs = (): string => `${stack.dir}/certs`;

async function command(client: TestClient, cmd: object): Promise<CommandOutcome> {
  const ack = await client.send('drone:command', { command: cmd });
  if (!ack.ok) throw Object.assign(new Error(`${ack.error.code}: ${ack.error.message}`), { code: ack.error.code });
  return ack.data as CommandOutcome;
}

function refusalCode(ack: Ack<unknown>): string {
  if (ack.ok) throw new Error(`not refused: ${JSON.stringify(ack.data)}`);
  return ack.error.code;
}

/** Keeps telling the server this pilot is there, as the pilot's app does while it holds control. */
function keepAlive(client: TestClient): () => void {
  const raw = client.socket as unknown as { emit(event: string, payload: unknown): void };
  const timer = setInterval(() => raw.emit('control:alive', {}), pilotAliveIntervalMs);
  return () => clearInterval(timer);
}

async function untilStopped(): Promise<number> {
  const start = performance.now();
  await expect.poll(() => sim.truth.groundSpeed, { timeout: 5000, interval: 20 }).toBeLessThan(0.05);
  return performance.now() - start;
}

beforeAll(async () => {
  simPort = await freePort();
  sim = new VehicleSimulator({ listen: [`udp:127.0.0.1:${simPort}`], params: { gpsFixDelayS: 1 } });
  await sim.start();
  stack = await startLoopbackStack({ drone: `udpout:127.0.0.1:${simPort}` });
  viewer = await connectClient(stack.origin, tokenOf(stack.viewerUrl), certs());
  viewer.socket.on('drone:telemetry', (sample) => telemetry.push({ at: performance.now(), sample }));
  viewer.socket.on('drone:event', (event) => events.push(event));
  await waitFor(() => telemetry.at(-1)?.sample.state === 'connected', 30_000, 'telemetry from the connected drone');
}, 120_000);

/** expect.poll works only inside tests; set-up waits with this. */
async function waitFor(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}\n${await stack.logs()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

afterAll(async () => {
  viewer?.close();
  await stack?.stop();
  await sim?.stop();
});

describe('flying through the SFU: phone -> SFU -> ground agent -> MAVLink -> simulator', () => {
  it('streams telemetry to every phone at 4 Hz or more, matching the vehicle', async () => {
    const from = performance.now();
    await new Promise((r) => setTimeout(r, 2000));
    const recent = telemetry.filter((t) => t.at >= from);
    expect(recent.length).toBeGreaterThanOrEqual(8);
    const last = recent.at(-1)!.sample;
    expect(last.lat).toBeCloseTo(sim.truth.lat, 5);
    expect(last.lon).toBeCloseTo(sim.truth.lon, 5);
    expect(last.armed).toBe(false);
    expect(last.gps.satellites).toBeGreaterThan(5);
  });

  it('refuses viewers and malformed commands, and nothing moves', async () => {
    expect(refusalCode(await viewer.send('drone:command', { command: { type: 'arm' } }))).toBe('FORBIDDEN');
    expect(refusalCode(await viewer.send('drone:command', { command: { type: 'selfDestruct' } }))).toBe('INVALID_PAYLOAD');
    expect(refusalCode(await viewer.send('drone:command', { command: { type: 'takeoff', altitude: 5000 } }))).toBe('INVALID_PAYLOAD');
    expect(refusalCode(await viewer.send('control:acquire', {}))).toBe('FORBIDDEN');
    expect(sim.truth.armed).toBe(false);
  });

  it('answers a landing on the ground with the reason, and flies a real sequence with acknowledgements', async () => {
    const pilot = await connectClient(stack.origin, tokenOf(stack.pilotUrl), certs());
    const other = await connectClient(stack.origin, tokenOf(stack.pilotUrl), certs());
    const stopAlive = keepAlive(pilot);
    try {
      const early = await command(pilot, { type: 'land' });
      expect(early).toEqual({ ok: false, reason: 'not-allowed', message: 'landing: not in the air' });
      expect(sim.truth.altRel).toBeLessThan(0.1);

      await expect.poll(async () => (await command(pilot, { type: 'arm' })).ok, { timeout: 15_000, interval: 500 }).toBe(true);
      expect(sim.truth.armed).toBe(true);
      // One pilot at a time: the second is refused and can ask.
      const refused = await other.send('drone:command', { command: { type: 'land' } });
      expect(refusalCode(refused)).toBe('INVALID_STATE');
      const asked = new Promise((resolve) => pilot.socket.once('control:asked', resolve));
      await other.send('control:ask', {});
      await expect(asked).resolves.toMatchObject({ by: other.welcome.peerId });

      expect(await command(pilot, { type: 'takeoff', altitude: 3 })).toMatchObject({ ok: true });
      await expect.poll(() => sim.truth.altRel, { timeout: 15_000 }).toBeGreaterThan(2.6);
      await expect.poll(() => telemetry.at(-1)?.sample.state, { timeout: 5000 }).toBe('flying');

      expect(await command(pilot, { type: 'go', direction: 'North' })).toMatchObject({ ok: true });
      await expect.poll(() => sim.truth.vn, { timeout: 5000 }).toBeGreaterThan(0.8);
      expect(await command(pilot, { type: 'go', direction: 'Stop' })).toMatchObject({ ok: true });
      await untilStopped();
    } finally {
      stopAlive();
      pilot.close();
      other.close();
    }
  }, 60_000);

  it('stops the drone within 1 s when the moving pilot disconnects', async () => {
    const pilot = await connectClient(stack.origin, tokenOf(stack.pilotUrl), certs());
    const stopAlive = keepAlive(pilot);
    expect(await command(pilot, { type: 'go', direction: 'East' })).toMatchObject({ ok: true });
    await expect.poll(() => sim.truth.ve, { timeout: 5000 }).toBeGreaterThan(0.8);
    stopAlive();
    pilot.close();
    expect(await untilStopped()).toBeLessThan(1000);
    await expect.poll(() => events.some((e) => /Failsafe: the pilot disconnected/.test(e.message)), { timeout: 2000 }).toBe(true);
  }, 30_000);

  it('stops the drone when the moving pilot goes silent (a dropped network, socket still open)', async () => {
    const pilot = await connectClient(stack.origin, tokenOf(stack.pilotUrl), certs());
    try {
      expect(await command(pilot, { type: 'go', direction: 'West' })).toMatchObject({ ok: true });
      const silentSince = performance.now();
      await expect.poll(() => sim.truth.ve, { timeout: 5000 }).toBeLessThan(-0.5);
      await untilStopped();
      // 750 ms without a word, then the stop command and the vehicle's braking.
      expect(performance.now() - silentSince).toBeLessThan(2500);
    } finally {
      pilot.close();
    }
  }, 30_000);

  it('lands and disarms; every phone sees it', async () => {
    const pilot = await connectClient(stack.origin, tokenOf(stack.pilotUrl), certs());
    try {
      expect(await command(pilot, { type: 'land' })).toMatchObject({ ok: true });
      await expect.poll(() => sim.truth.armed, { timeout: 30_000 }).toBe(false);
      await expect.poll(() => events.map((e) => e.type), { timeout: 5000 }).toContain('landed');
    } finally {
      pilot.close();
    }
  }, 45_000);

  it('lets the ground console drop the drone and connect it again by connection string', async () => {
    const console = await connectClient(stack.origin, stack.stack.ready.tokens.console, certs());
    try {
      expect(await command(console, { type: 'disconnect' })).toMatchObject({ ok: true });
      await expect.poll(() => telemetry.at(-1)?.sample.state, { timeout: 5000 }).toBe('disconnected');
      const bad = await command(console, { type: 'connect', connection: 'carrier-pigeon:7' });
      expect(bad).toMatchObject({ ok: false, reason: 'not-allowed' });
      expect(bad.message).toMatch(/udpout:HOST:PORT/);
      expect(await command(console, { type: 'connect', connection: `udpout:127.0.0.1:${simPort}` })).toMatchObject({ ok: true });
      await expect.poll(() => telemetry.at(-1)?.sample.state, { timeout: 8000 }).toBe('connected');
    } finally {
      console.close();
    }
  }, 30_000);

  it('tells every phone at once when the drone link is lost, and when it returns', async () => {
    await sim.stop();
    await waitFor(() => telemetry.at(-1)?.sample.linkLost === true, 8000, `link lost (events ${JSON.stringify(events.map((e) => e.type))}, last ${JSON.stringify(telemetry.at(-1))})`);
    expect(events.map((e) => e.type)).toContain('linkLost');
    await sim.start();
    await expect.poll(() => telemetry.at(-1)?.sample.linkLost, { timeout: 8000 }).toBe(false);
    expect(events.map((e) => e.type)).toContain('linkRestored');
  }, 30_000);
});
