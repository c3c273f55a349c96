import { spawn, type ChildProcess } from 'node:child_process';
import type { StderrTail } from '../video/sources/StderrTail.ts';

export interface FfmpegExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/**
 * An ffmpeg we write to on stdin (a recorder): its stderr kept in `stderr`, and how it ended. A
 * dead ffmpeg shows up as EPIPE on stdin and as its exit; the exit is what gets reported, with a
 * missing program told in the stderr tail.
 */
export function spawnFfmpegWriter(ffmpegPath: string, args: string[], stderr: StderrTail): { child: ChildProcess; exited: Promise<FfmpegExit> } {
  const child = spawn(ffmpegPath, args, { stdio: ['pipe', 'ignore', 'pipe'] });
  child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk));
  child.stdin?.on('error', () => undefined);
  let spawnError: Error | undefined;
  child.on('error', (error) => (spawnError = error));
  // Not events.once: it would reject on the 'error' a missing ffmpeg emits before 'close'.
  const exited = new Promise<FfmpegExit>((resolve) =>
    child.on('close', (code, signal) => {
      if (spawnError) stderr.push(`could not run ffmpeg: ${spawnError.message}`);
      resolve({ code, signal });
    }),
  );
  return { child, exited };
}

/**
 * Ends a writer's input and waits for ffmpeg to finish its file, killing it after `graceMs` if it
 * hangs: 'finished' if it ended well now, 'killed', or 'failed' (it had already died, or failed).
 */
export async function finishFfmpegWriter(child: ChildProcess, exited: Promise<FfmpegExit>, graceMs: number): Promise<'finished' | 'killed' | 'failed'> {
  const alreadyGone = child.exitCode !== null || child.signalCode !== null;
  child.stdin?.end();
  let killed = false;
  const killer = setTimeout(() => {
    killed = true;
    child.kill('SIGKILL');
  }, graceMs);
  const exit = await exited;
  clearTimeout(killer);
  if (killed) return 'killed';
  return !alreadyGone && exit.code === 0 ? 'finished' : 'failed';
}
