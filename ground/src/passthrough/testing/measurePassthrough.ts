/**
 * What the passthrough costs, against the simulated camera running as its own process (so this
 * process's CPU is the agent's side only): depacketizing, decoding for the JPEG fallbacks,
 * a photo's decode, a stream-copy recording. Usage (from the repo root, 10 s windows):
 *   npx tsx ground/src/passthrough/testing/measurePassthrough.ts 1280x720@60
 */
import { spawn } from 'node:child_process';
import type { Logger } from '@dronecast/protocol';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { RtpReceiver } from './RtpReceiver.ts';
import { H264Depacketizer } from '../H264Depacketizer.ts';
import { PassthroughFrames } from '../PassthroughFrames.ts';
import { PassthroughPictures } from '../PassthroughPictures.ts';
import { StreamCopyRecorder } from '../StreamCopyRecorder.ts';
const [w, h, fps] = (process.argv[2] ?? '640x480@30').split(/[x@]/).map(Number) as [number, number, number];
const windowMs = 10_000;
/** /proc counts CPU time in clock ticks (USER_HZ, 100 on Linux). */
const tick = 100;
const cpuOf = (pid: number) => { const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8'); const p = f.slice(f.lastIndexOf(')') + 2).split(' '); return (Number(p[11]) + Number(p[12])) * 1000 / tick; };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const logger: Logger = { debug: () => undefined, info: () => undefined, warn: console.warn, error: console.error, child: () => logger };
const rx = await RtpReceiver.open();
const dep = new H264Depacketizer({ now: Date.now });
rx.on('packet', (p) => dep.push(p));
let pictures = 0; dep.on('accessUnit', () => pictures++);
const camera = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, '../../camera/camera-main.ts'), '--to', `udp:127.0.0.1:${rx.port}`, '--pattern', `${w}x${h}@${fps}`, '--bitrate', String(w >= 1280 ? 4000 : 2000)], { stdio: ['ignore', 'ignore', 'inherit'] });
await sleep(3000);
async function window(label: string, pid?: number) {
  const n0 = process.cpuUsage(); const c0 = pid ? cpuOf(pid) : 0; const p0 = pictures; const t0 = performance.now();
  await sleep(windowMs);
  const el = performance.now() - t0; const n = process.cpuUsage(n0); const c = pid ? cpuOf(pid) - c0 : 0;
  console.log(`${w}x${h}@${fps} ${label}: camera delivered ${((pictures - p0) * 1000 / el).toFixed(1)} fps; agent node ${(((n.user + n.system) / 1000) / el * 100).toFixed(1)}% of a core${pid ? `, ffmpeg ${(c / el * 100).toFixed(1)}% of a core` : ''}`);
}
await window('depacketizer only');
const frames = new PassthroughFrames({ accessUnits: dep, description: 'camera', logger });
await frames.start(); let decoded = 0; frames.on('frame', () => decoded++);
frames.setDemand('bench', true); await sleep(2000);
const d0 = decoded; await window('decoding (PassthroughFrames)', frames.decoderPid); console.log(`  decoded ${((decoded - d0) / (windowMs / 1000)).toFixed(1)} fps`);
frames.setDemand('bench', false); await frames.stop();
const pics = new PassthroughPictures({ accessUnits: dep, description: 'camera', now: Date.now });
await sleep(1500);
const lat: number[] = [];
for (let i = 0; i < 12; i++) { await sleep(137 + (i * 83) % 700); const t = performance.now(); await pics.latest(); lat.push(performance.now() - t); }
lat.sort((a, b) => a - b);
console.log(`  photo decode (PassthroughPictures.latest): p50 ${lat[6]!.toFixed(0)} ms, max ${lat.at(-1)!.toFixed(0)} ms over ${lat.length}`);
pics.close();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'measure-'));
const rec = new StreamCopyRecorder({ accessUnits: dep, description: 'camera', file: path.join(dir, 'r.mp4') });
await rec.start(); await window('stream-copy recording', rec.pid);
console.log('  ', JSON.stringify(await rec.stop()));
fs.rmSync(dir, { recursive: true, force: true });
camera.kill('SIGTERM'); await new Promise((r) => camera.once('close', r)); rx.close(); process.exit(0);
