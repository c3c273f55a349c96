// A measurement, not a test: run with `npx tsx e2e/measure/commandsDuringDownloads.ts` (loopback only); it prints numbers.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { startLoopbackStack } from '@dronecast/launcher';
import { connectClient, tokenOf } from '../support/signalingClient.ts';

const stack = await startLoopbackStack({ camera: 'pattern:640x480@30' });
const certs = path.join(stack.dir, 'certs');
const console_ = await connectClient(stack.origin, stack.stack.ready.tokens.console, certs);
await new Promise((r) => setTimeout(r, 3000));
for (let i = 0; ; i++) {
  const started = await console_.send('capture:startRecording', {});
  if (started.ok) break;
  if (i > 40) throw new Error(JSON.stringify(started));
  await new Promise((r) => setTimeout(r, 500));
}
await new Promise((r) => setTimeout(r, 6000));
const stopped = (await console_.send('capture:stopRecording', {})) as { ok: boolean; data: { item: { id: string; size: number } } };
if (!stopped.ok) throw new Error(JSON.stringify(stopped));
const item = stopped.data.item;
console.log(`recording ${item.id}: ${JSON.stringify(item).slice(0, 300)}`);
const viewer = tokenOf(stack.viewerUrl);

/** Round trips of a command (through the SFU to the ground agent and back) and, between them, of a clock sync (the SFU alone). */
async function rtts(count: number): Promise<{ command: number[]; sfuOnly: number[] }> {
  const command: number[] = [];
  const sfuOnly: number[] = [];
  for (let i = 0; i < count; i++) {
    let start = performance.now();
    const reply = await console_.send('drone:command', { command: { type: 'setSpeed', metersPerSecond: 3 + (i % 2) } });
    if (!reply.ok) throw new Error(JSON.stringify(reply));
    command.push(performance.now() - start);
    await new Promise((r) => setTimeout(r, 50));
    start = performance.now();
    await console_.send('clock:sync', { clientTime: Date.now() });
    sfuOnly.push(performance.now() - start);
    await new Promise((r) => setTimeout(r, 50));
  }
  return { command: command.sort((a, b) => a - b), sfuOnly: sfuOnly.sort((a, b) => a - b) };
}
const pct = (v: number[], p: number) => v[Math.min(v.length - 1, Math.floor(p * v.length))]!.toFixed(1);

const idle = await rtts(60);
console.log(`idle: command p50 ${pct(idle.command, 0.5)} ms, p95 ${pct(idle.command, 0.95)} ms; SFU alone p50 ${pct(idle.sfuOnly, 0.5)} ms, p95 ${pct(idle.sfuOnly, 0.95)} ms`);
// 50 downloaders in another process, each downloading again as soon as it is done, while the commands are timed.
const downloader = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'galleryDownloader.ts'), `${stack.origin}/gallery/${item.id}/file?token=${viewer}`, path.join(certs, 'ca.pem'), '50'], {
  stdio: ['pipe', 'pipe', 'inherit'],
});
let downloaded = '';
downloader.stdout.on('data', (chunk: Buffer) => (downloaded += chunk.toString()));
await new Promise((r) => setTimeout(r, 2000));
const start = Date.now();
const flooded = await rtts(60);
downloader.stdin.end();
await once(downloader, 'exit');
const [done, bytes] = downloaded.trim().split(' ').map(Number) as [number, number];
console.log(`during 50 downloads: command p50 ${pct(flooded.command, 0.5)} ms, p95 ${pct(flooded.command, 0.95)} ms; SFU alone p50 ${pct(flooded.sfuOnly, 0.5)} ms, p95 ${pct(flooded.sfuOnly, 0.95)} ms; ${done} downloads, ${(bytes / 1e6).toFixed(1)} MB in ${((Date.now() - start) / 1000 + 2).toFixed(1)} s`);
console_.close();
await stack.stop();
