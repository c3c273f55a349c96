import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { afterAll, describe, expect, it } from 'vitest';
import { startLoopbackStack } from '@dronecast/launcher';
import type { VideoQuality } from '@dronecast/protocol';
import { connectClient, tokenOf } from './support/signalingClient.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dronecast-config-e2e-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function configFile(name: string, sections: unknown): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, JSON.stringify(sections, null, 1));
  return file;
}

describe('one configuration file for the whole stack', () => {
  it('each process takes its own section: the SFU its drone id, the ground agent its camera', async () => {
    const file = configFile('good.json', {
      sfu: { 'drone-id': 'kite-7' },
      ground: { camera: 'pattern:320x240@10', 'min-free-mb': 1 },
      processing: { 'max-bitrate': 900 },
    });
    const stack = await startLoopbackStack({ configFile: file });
    try {
      expect(stack.stack.ready.droneId).toBe('kite-7');
      const pilot = await connectClient(stack.origin, tokenOf(stack.pilotUrl), `${stack.dir}/certs`);
      try {
        expect(pilot.welcome.droneId).toBe('kite-7');
        const seen: VideoQuality[] = [];
        pilot.socket.on('video:quality', (quality) => seen.push(quality));
        // A change the agent applies is announced with the whole quality, camera size and rate included.
        await expect
          .poll(async () => (await pilot.send('video:setQuality', { jpegQuality: 61 })).ok, { timeout: 30_000, interval: 500 })
          .toBe(true);
        await expect.poll(() => seen.at(-1), { timeout: 10_000 }).toMatchObject({ resolution: '320x240', fps: 10, jpegQuality: 61 });
      } finally {
        pilot.close();
      }
    } finally {
      await stack.stop();
    }
  }, 90_000);

  it('a wrong key in one section stops the stack with the file and key named', async () => {
    const file = configFile('bad.json', { ground: { camara: 'pattern' } });
    const stack = await startLoopbackStack({ configFile: file });
    try {
      await expect.poll(() => stack.stack.refusedConfiguration, { timeout: 20_000 }).toEqual(['ground agent']);
      expect(await stack.logs()).toContain(`${file}: ground.camara is not a setting of the ground; known: sfu, token, ca-cert, camera,`);
    } finally {
      await stack.stop();
    }
  }, 60_000);
});
