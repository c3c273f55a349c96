import { UsageError } from '@dronecast/runtime';
import type { LauncherConfig } from '../LauncherConfig.ts';
import { formatChecks, isProblem } from './Check.ts';
import { doctorChecks } from './doctorChecks.ts';

/**
 * `npm start`'s checks, up front: one line when all is well; otherwise every check, then either a
 * refusal (a busy port, no mediasoup worker) or a start with what is unavailable said plainly
 * (without ffmpeg the phones' Record buttons say why).
 */
export async function reportStartChecks(config: LauncherConfig, write: (text: string) => void, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const checks = await doctorChecks(config, 'start', env);
  const problems = checks.filter(isProblem);
  if (problems.length === 0) {
    write(`Checked ${checks.length} parts (Node, programs, mediasoup worker, pose model, ports): all OK\n`);
    return;
  }
  write(`${formatChecks(checks)}\n`);
  const blocking = problems.filter((c) => c.blocksStart);
  if (blocking.length > 0) throw new UsageError(`cannot start: ${blocking.map((c) => `${c.name}: ${c.detail}`).join('; ')}`);
  write(`Starting without: ${problems.map((c) => `${c.name} (${c.impact ?? c.detail})`).join('; ')}\n\n`);
}
