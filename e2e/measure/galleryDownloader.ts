// The download flood of commandsDuringDownloads.ts, in a process of its own as an attacker's
// device would be: its TLS and parsing must not slow the measuring client's event loop.
// Args: <url> <ca file> <downloads at once>. Runs until stdin closes; prints "<downloads> <bytes>".
import fs from 'node:fs';
import https from 'node:https';

const [url, caFile, width] = process.argv.slice(2);
if (!url || !caFile || !width) throw new Error('usage: galleryDownloader.ts <url> <ca file> <downloads at once>');
const ca = fs.readFileSync(caFile);
let flooding = true;
let done = 0;
let bytes = 0;
process.stdin.resume();
process.stdin.on('end', () => (flooding = false));

const getOnce = (): Promise<void> =>
  new Promise<void>((resolve) => {
    https
      .get(new URL(url), { ca }, (res) => {
        res.on('data', (chunk: Buffer) => (bytes += chunk.length));
        res.on('end', () => (done++, resolve()));
        res.on('error', () => resolve());
      })
      .on('error', () => resolve());
  });

await Promise.all(
  Array.from({ length: Number(width) }, async () => {
    while (flooding) await getOnce();
  }),
);
process.stdout.write(`${done} ${bytes}\n`);
