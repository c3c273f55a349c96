import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';

export function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/**
 * SIGTERM, then SIGKILL if it is still there after `graceMs`. Resolves once node has reaped the
 * child ('exit'), so no zombie is left behind.
 */
export async function stopChildProcess(child: ChildProcess, graceMs = 2000): Promise<void> {
  if (child.pid === undefined || hasExited(child)) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const killer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  try {
    await exited;
  } finally {
    clearTimeout(killer);
  }
}
