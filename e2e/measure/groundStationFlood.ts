// A measurement, not a test: run with `npx tsx e2e/measure/groundStationFlood.ts` (loopback only); it prints numbers.
// A ground station's command round trip through the ground agent's MAVLink router (--gcs), against
// the same straight to the simulator; then one station floods the agent's UDP port while
// QGroundControl, and the phones' path through the SFU, keep commanding the drone.
import path from 'node:path';
import { common, minimal } from 'node-mavlink';
import { VehicleSimulator } from '@dronecast/ground/simulator';
import { RawGroundStation, UdpLink } from '@dronecast/ground/testing';
import { freePort, startLoopbackStack } from '@dronecast/launcher';
import type { GroundStations } from '@dronecast/protocol';
import { connectClient } from '../support/signalingClient.ts';

const simPort = await freePort();
// A second port for the comparison station: a udp: port answers only its last sender.
const sim = new VehicleSimulator({ listen: [`udp:127.0.0.1:${simPort}`, 'udp:127.0.0.1:0'], params: { gpsFixDelayS: 0 } });
await sim.start();
const gcsPort = await freePort();
const stack = await startLoopbackStack({ camera: 'pattern:320x240@15', drone: `udpout:127.0.0.1:${simPort}`, gcs: [`udp:127.0.0.1:${gcsPort}`] });
const agentPid = stack.stack.ground.pid;
const console_ = await connectClient(stack.origin, stack.stack.ready.tokens.console, path.join(stack.dir, 'certs'));
let report: GroundStations = { stations: [] };
console_.socket.on('drone:groundStations', (list) => (report = list));

/** A station sending its heartbeat each second (the agent may not listen yet: the stack starts it last). */
const heartbeats: NodeJS.Timeout[] = [];
const station = async (port: number, identity: { system: number; component: number }): Promise<RawGroundStation> => {
  const gcs = await RawGroundStation.open(new UdpLink({ mode: 'udpout', host: '127.0.0.1', port }), identity);
  gcs.heartbeat();
  heartbeats.push(setInterval(() => gcs.heartbeat(), 1000));
  await gcs.next('HEARTBEAT', () => true, 0, 30_000);
  return gcs;
};
const qgc = await station(gcsPort, { system: 255, component: 190 });
const direct = await station(Number(sim.endpoints[1]!.groundStation!.split(':').at(-1)), { system: 250, component: 190 });

/** COMMAND_LONG DO_SET_MODE GUIDED until its COMMAND_ACK, timed on the ACK's arrival (not a poll). */
function timer(gcs: RawGroundStation): (timeoutMs?: number) => Promise<number> {
  let waiting: (() => void) | undefined;
  let checked = gcs.messages.length;
  // After the station's own listener, which has decoded the datagram by then.
  gcs.link.on('data', () => {
    const fresh = gcs.messages.slice(checked);
    checked = gcs.messages.length;
    if (waiting && fresh.some((m) => m.name === 'COMMAND_ACK' && (m.data as common.CommandAck).command === common.MavCmd.DO_SET_MODE)) {
      const done = waiting;
      waiting = undefined;
      done();
    }
  });
  return async (timeoutMs = 1500) => {
    const started = performance.now();
    const answered = new Promise<boolean>((resolve) => {
      waiting = () => resolve(true);
      setTimeout(() => resolve(false), timeoutMs);
    });
    gcs.send(Object.assign(new common.CommandLong(), { targetSystem: 1, targetComponent: 1, command: common.MavCmd.DO_SET_MODE, _param1: 1, _param2: 4 }));
    return (await answered) ? performance.now() - started : Number.NaN;
  };
}

const sorted = (xs: number[]): number[] => xs.filter(Number.isFinite).sort((a, b) => a - b);
const at = (xs: number[], p: number): string => (xs[Math.min(xs.length - 1, Math.floor(p * xs.length))] ?? Number.NaN).toFixed(2);
const summary = (xs: number[]): string => {
  const s = sorted(xs);
  return `p50 ${at(s, 0.5)} ms, p95 ${at(s, 0.95)} ms, max ${at(s, 1)} ms (${s.length} of ${xs.length} answered)`;
};

const throughAgent = timer(qgc);
const straight = timer(direct);
const viaAgent: number[] = [];
const toSim: number[] = [];
for (let i = 0; i < 200; i++) {
  viaAgent.push(await throughAgent());
  toSim.push(await straight());
}
console.log(`DO_SET_MODE round trip, QGroundControl (255/190) through the ground agent: ${summary(viaAgent)}`);
console.log(`DO_SET_MODE round trip, straight to the simulator:                      ${summary(toSim)}`);

const flood = await RawGroundStation.open(new UdpLink({ mode: 'udpout', host: '127.0.0.1', port: gcsPort }), { system: 200, component: 1 });
const gcsHeartbeat = Object.assign(new minimal.Heartbeat(), { type: minimal.MavType.GCS, autopilot: minimal.MavAutopilot.INVALID, mavlinkVersion: 3 });
let flooding = true;
const started = performance.now();
const sending = (async () => {
  let sent = 0;
  while (flooding) {
    flood.send(gcsHeartbeat);
    if (++sent % 50 === 0) await new Promise((resolve) => setImmediate(resolve));
  }
  return sent;
})();
const qgcDuring: number[] = [];
const phonesDuring: number[] = [];
while (performance.now() - started < 5000) {
  qgcDuring.push(await throughAgent());
  const asked = performance.now();
  const reply = await console_.send('drone:command', { command: { type: 'setSpeed', metersPerSecond: 2 } });
  phonesDuring.push(reply.ok ? performance.now() - asked : Number.NaN);
}
flooding = false;
const sent = await sending;
const seconds = (performance.now() - started) / 1000;
await new Promise((resolve) => setTimeout(resolve, 1500));
const flooder = report.stations.find((s) => s.mavlinkIds.includes('200/1'));
const read = (flooder?.packetsIn ?? 0) + (flooder?.packetsDropped ?? 0);
console.log(`flood of ${seconds.toFixed(1)} s from 200/1: ${Math.round(sent / seconds)} HEARTBEATs/s sent, ${Math.round(read / seconds)}/s read by the agent, ` +
  `${Math.round((flooder?.packetsIn ?? 0) / seconds)}/s forwarded to the drone, ${flooder?.packetsDropped ?? 0} dropped (the console's report)`);
console.log(`during it, QGroundControl's DO_SET_MODE: ${summary(qgcDuring)}`);
console.log(`during it, the console's setSpeed through the SFU (DO_CHANGE_SPEED): ${summary(phonesDuring)}`);
console.log(`ground agent still the same process: ${stack.stack.ground.pid === agentPid}`);

for (const timer of heartbeats) clearInterval(timer);
await Promise.all([qgc.close(), direct.close(), flood.close()]);
console_.close();
await stack.stop();
await sim.stop();
process.exit(0);
