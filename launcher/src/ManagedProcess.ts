import { fork, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import { spareEnvVariable, spareLoadedSchema, type Logger, type SpareTakeOver } from '@dronecast/protocol';

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
  /**
   * Keep a spare loaded beside it (the process must call waitIfSpare first thing): after a
   * crash the spare takes over at once instead of a cold start (tsx and the modules take 1-2 s).
   */
  spare?: boolean;
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
  private spare: { child: ChildProcess; loaded: boolean } | undefined;

  constructor(private readonly options: ManagedProcessOptions) {
    super();
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** The spare's pid once it is loaded and could take over (with the spare option). */
  get loadedSparePid(): number | undefined {
    return this.spare?.loaded ? this.spare.child.pid : undefined;
  }

  start(): void {
    this.adopt(this.spawn(false));
  }

  private spawn(asSpare: boolean): ChildProcess {
    const { script, args, env, cwd, logFile } = this.options;
    const output = logFile ? fs.openSync(logFile, 'a') : 'inherit';
    const child = fork(script, args, {
      cwd,
      env: { ...process.env, ...env, ...(asSpare ? { [spareEnvVariable]: '1' } : {}) },
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', output, output, 'ipc'],
      // Own process group: a terminal Ctrl-C reaches the launcher only, which stops children in order.
      detached: true,
    });
    if (typeof output === 'number') fs.closeSync(output);
    return child;
  }

  /** Makes `child` the running process: its messages and its exit are this process's. */
  private adopt(child: ChildProcess): void {
    const { name, logger } = this.options;
    this.child = child;
    this.startedAt = Date.now();
    child.on('message', (message) => this.emit('message', message));
    // The spare is started once this one has said something (it is up): not to slow its start.
    if (this.options.spare) child.once('message', () => this.prepareSpare());
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
      const how = this.spare?.loaded ? 'its spare takes over' : 'restarting';
      logger.warn(`${name} exited (${signal ?? `code ${code}`}); ${how} in ${delay} ms`);
      setTimeout(() => {
        if (!this.stopping) this.restart();
      }, delay).unref();
    });
    logger.debug(`${name} started`, { pid: child.pid });
    this.emit('started', child);
  }

  private restart(): void {
    const spare = this.spare;
    this.spare = undefined;
    if (!spare?.loaded || spare.child.exitCode !== null || spare.child.signalCode !== null) {
      spare?.child.kill('SIGKILL');
      this.start();
      return;
    }
    spare.child.removeAllListeners();
    spare.child.send({ type: 'spare:takeOver' } satisfies SpareTakeOver);
    this.adopt(spare.child);
  }

  /** A copy started now and held loaded until the running one dies. */
  private prepareSpare(): void {
    if (this.stopping || this.spare) return;
    const child = this.spawn(true);
    const spare = { child, loaded: false };
    this.spare = spare;
    child.on('message', (message) => {
      if (spareLoadedSchema.safeParse(message).success) spare.loaded = true;
    });
    child.on('exit', () => {
      if (this.spare === spare) this.spare = undefined;
    });
  }

  /** For tests of crash recovery: kills the process the way a crash would. */
  kill(signal: NodeJS.Signals = 'SIGKILL'): void {
    this.child?.kill(signal);
  }

  /** SIGTERM, then SIGKILL after the grace period; resolves when the process is gone. */
  async stop(graceMs = 5000): Promise<void> {
    this.stopping = true;
    // A spare holds nothing yet: it can go at once.
    this.spare?.child.kill('SIGKILL');
    this.spare = undefined;
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
