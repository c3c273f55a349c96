import { spawn } from 'node:child_process';
import { StderrTail } from '../video/sources/StderrTail.ts';

export interface ToolRun {
  stdout: Buffer;
}

/**
 * Runs ffmpeg or ffprobe to completion and resolves with its output; rejects with the exit status
 * and the last stderr lines, or after `timeoutMs` (killing it).
 */
export function runTool(command: string, args: string[], timeoutMs = 30_000): Promise<ToolRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    const stderr = new StderrTail(8);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(new Error(error.code === 'ENOENT' ? `${command} not found: install it with "apt-get install ffmpeg"` : `could not run ${command}: ${error.message}`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) return resolve({ stdout: Buffer.concat(stdout) });
      const why = timedOut ? `took longer than ${timeoutMs / 1000} s` : code !== null ? `exit code ${code}` : `killed by ${signal}`;
      const tail = stderr.text();
      reject(new Error(`${command} failed (${why})${tail ? `: ${tail}` : ''}`));
    });
  });
}
