// A measurement, not a test: run with `npx tsx e2e/measure/mqttFlood.ts` (loopback only); it prints numbers.
import fs from 'node:fs';
import WebSocket from 'ws';
import { startLoopbackStack } from '@dronecast/launcher';

const rss = (pid: number): number => Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
const stack = await startLoopbackStack({ camera: 'pattern:320x240@15' });
const sfuPid = stack.stack.sfu.pid ?? 0;
await new Promise((r) => setTimeout(r, 3000));
console.log(`SFU RSS before: ${rss(sfuPid).toFixed(0)} MB`);
const header = Buffer.from([0x10, 0xff, 0xff, 0xff, 0x7f]);
const filler = Buffer.alloc(1024 * 1024, 0x41);
const results = await Promise.all(
  Array.from({ length: 20 }, async () => {
    const ws = new WebSocket(`${stack.origin.replace('https', 'wss')}/mqtt`, 'mqtt', { rejectUnauthorized: false });
    ws.on('error', () => undefined);
    const opened = await new Promise<boolean>((resolve) => {
      ws.once('open', () => resolve(true));
      ws.once('unexpected-response', () => resolve(false));
      ws.once('error', () => resolve(false));
    });
    if (!opened) return 'refused';
    const start = Date.now();
    ws.send(header);
    let sent = 0;
    for (let i = 0; i < 120 && ws.readyState === WebSocket.OPEN; i++) {
      ws.send(filler);
      sent += 1;
      await new Promise((r) => setImmediate(r));
    }
    await new Promise<void>((resolve) => (ws.readyState === WebSocket.CLOSED ? resolve() : ws.once('close', () => resolve())));
    return `closed after ${Date.now() - start} ms, ${sent} MiB queued`;
  }),
);
console.log(results.slice(0, 3).join('\n'), `\n... ${results.filter((r) => r !== 'refused').length} opened, ${results.filter((r) => r === 'refused').length} refused`);
console.log(`SFU RSS after 20 floods: ${rss(sfuPid).toFixed(0)} MB`);
await new Promise((r) => setTimeout(r, 3000));
console.log(`SFU RSS 3 s later: ${rss(sfuPid).toFixed(0)} MB`);
await stack.stop();
