import { fork, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import type { Logger } from '@dronecast/protocol';

export interface ManagedProcessOptions {
  name: string;
  /** A TypeScript entry file, run with tsx. */
  script: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  cwd: string;
  /** Restart when it exits on its own (not when we stop it). */
  restart: boolean;
  /** Append the process's output here instead of the terminal. */
  logFile?: string;
  logger: Logger;
}

export interface ManagedProcessEvents {
  message: [unknown];
  exit: [code: number | null, signal: NodeJS.Signals | null];
  started: [ChildProcess];
}

/** A child process the launcher owns: started with an IPC channel, restarted with backoff if it dies. */
export class ManagedProcess extends EventEmitter<ManagedProcessEvents> {
  private child: ChildProcess | undefined;
  private stopping = false;
  private restarts = 0;
  private startedAt = 0;

  constructor(private readonly options: ManagedProcessOptions) {
    super();
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  start(): void {
    const { script, args, env, cwd, logFile, name, logger } = this.options;
    const output = logFile ? fs.openSync(logFile, 'a') : 'inherit';
    const child = fork(script, args, {
      cwd,
      env: { ...process.env, ...env },
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', output, output, 'ipc'],
      // Own process group: a terminal Ctrl-C reaches the launcher only, which stops children in order.
      detached: true,
    });
    if (typeof output === 'number') fs.closeSync(output);
    this.child = child;
    this.startedAt = Date.now();
    child.on('message', (message) => this.emit('message', message));
    child.on('exit', (code, signal) => {
      this.child = undefined;
      this.emit('exit', code, signal);
      if (this.stopping || !this.options.restart) return;
      // Exit code 2 is a usage error (bad flag or config): restarting would only repeat it.
      if (code === 2) {
        logger.error(`${name} refused its configuration; not restarting it`);
        return;
      }
      // Reset the backoff once a process has stayed up for a while. The first restart is at once:
      // phones are waiting for their video; a process that keeps dying then backs off.
      if (Date.now() - this.startedAt > 30_000) this.restarts = 0;
      const delay = this.restarts === 0 ? 0 : Math.min(10_000, 250 * 2 ** this.restarts);
      this.restarts++;
      logger.warn(`${name} exited (${signal ?? `code ${code}`}); restarting in ${delay} ms`);
      setTimeout(() => {
        if (!this.stopping) this.start();
      }, delay).unref();
    });
    logger.debug(`${name} started`, { pid: child.pid });
    this.emit('started', child);
  }

  /** For tests of crash recovery: kills the process the way a crash would. */
  kill(signal: NodeJS.Signals = 'SIGKILL'): void {
    this.child?.kill(signal);
  }

  /** SIGTERM, then SIGKILL after the grace period; resolves when the process is gone. */
  async stop(graceMs = 5000): Promise<void> {
    this.stopping = true;
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => {
      this.options.logger.warn(`${this.options.name} did not stop in ${graceMs} ms; killing it`);
      child.kill('SIGKILL');
    }, graceMs);
    await exited;
    clearTimeout(timer);
  }
}
