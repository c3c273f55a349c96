import fs from 'node:fs';
import path from 'node:path';
import { freePort, startLoopbackStack, type LoopbackStack } from '@dronecast/launcher';
import type { GalleryItem } from '@dronecast/protocol';
import { connectClient, tokenOf } from '../support/signalingClient.ts';
import { sleep, type FuzzTarget } from './Fuzzer.ts';

/** The real stack under fuzz, what the fuzzers need of it, and who died while they ran. */
export interface FuzzStack {
  loopback: LoopbackStack;
  target: FuzzTarget;
  /** The SFU's process id when fuzzing began (a restart after a crash gets a new one). */
  sfuPid: number;
  /** Processes of the stack that exited on their own, with how. */
  exits: string[];
  stop(): Promise<void>;
}

/**
 * The stack `npm start` runs, on loopback, with MQTT over TCP on as well (off by default in test
 * stacks) and a small test pattern to leave the CPU to the fuzzing; then one photo in the gallery,
 * so byte and Range requests reach real bytes.
 */
export async function startFuzzStack(): Promise<FuzzStack> {
  const mqttTcpPort = await freePort();
  const loopback = await startLoopbackStack({ camera: 'pattern:320x240@10', sfuArgs: ['--mqtt-port', String(mqttTcpPort)] });
  const exits: string[] = [];
  const stack = loopback.stack;
  let stopping = false;
  for (const [name, child] of [['sfu', stack.sfu], ['ground agent', stack.ground], ['pose worker', stack.processing]] as const) {
    child.on('exit', (code, signal) => {
      if (!stopping) exits.push(`${name} exited (${signal ?? `code ${code}`})`);
    });
  }
  const sfuPid = stack.sfu.pid;
  if (sfuPid === undefined) throw new Error('the SFU has no process id');
  const certs = path.join(loopback.dir, 'certs');
  const ready = stack.ready;
  const target: FuzzTarget = {
    origin: loopback.origin,
    port: loopback.port,
    mqttTcpPort,
    ca: fs.readFileSync(path.join(certs, 'ca.pem'), 'utf8'),
    droneId: ready.droneId,
    tokens: { pilot: tokenOf(loopback.pilotUrl), viewer: tokenOf(loopback.viewerUrl), console: ready.tokens.console, processing: ready.tokens.processing },
    galleryItemId: await takePhoto(loopback.origin, ready.tokens.console, certs, loopback),
  };
  return {
    loopback,
    target,
    sfuPid,
    exits,
    stop: async () => {
      stopping = true;
      await loopback.stop();
    },
  };
}

/** The ground agent takes photos once its camera runs: asked again until it does. */
async function takePhoto(origin: string, consoleToken: string, certs: string, loopback: LoopbackStack): Promise<string> {
  const client = await connectClient(origin, consoleToken, certs);
  try {
    for (let attempt = 0; attempt < 60; attempt++) {
      const photo = await client.send('capture:photo', {});
      if (photo.ok) return (photo.data as GalleryItem).id;
      await sleep(500);
    }
    throw new Error(`no photo from the ground agent within 30 s\n${await loopback.logs()}`);
  } finally {
    client.close();
  }
}
