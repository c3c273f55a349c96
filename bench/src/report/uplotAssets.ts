import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { repoRoot } from '@dronecast/launcher';

export interface ReportAssets {
  /** uPlot's browser build (defines the global uPlot). */
  uplotJs: string;
  uplotCss: string;
}

/** uPlot as the web app has it installed, to inline into the report so it opens offline. */
export async function loadUplotAssets(): Promise<ReportAssets> {
  // Resolved from the web app, the workspace that depends on uPlot.
  const require = createRequire(path.join(repoRoot, 'webapp/package.json'));
  const dist = path.dirname(require.resolve('uplot/dist/uPlot.iife.min.js'));
  const [uplotJs, uplotCss] = await Promise.all([
    fs.readFile(path.join(dist, 'uPlot.iife.min.js'), 'utf8'),
    fs.readFile(path.join(dist, 'uPlot.min.css'), 'utf8'),
  ]);
  return { uplotJs, uplotCss };
}
