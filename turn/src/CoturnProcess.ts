import { spawn, type ChildProcess } from 'node:child_process';
import { waitForStunAnswer } from './waitForStunAnswer.ts';

export const coturnInstallHint = 'sudo apt-get install -y --no-install-recommends coturn';

export interface CoturnProcessOptions {
  /** The turnserver binary (a name on PATH or a path). */
  binary: string;
  configFile: string;
  /** Where to probe for readiness: its listening address (127.0.0.1 for a wildcard) and port. */
  probe: { host: string; port: number };
  /** Each line coturn prints (to its stdout, as configured). */
  onLine(line: string): void;
}

/** turnserver run with our config file: started, awaited until it answers STUN, stopped with SIGTERM. */
export class CoturnProcess {
  private constructor(private readonly child: ChildProcess) {}

  static async start(options: CoturnProcessOptions): Promise<CoturnProcess> {
    const child = spawn(options.binary, ['-c', options.configFile], { stdio: ['ignore', 'pipe', 'pipe'] });
    const recent: string[] = [];
    const forward = (chunk: Buffer): void => {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (!line.trim()) continue;
        recent.push(line);
        if (recent.length > 20) recent.shift();
        options.onLine(line);
      }
    };
    child.stdout?.on('data', forward);
    child.stderr?.on('data', forward);
    const failed = new Promise<never>((_, reject) => {
      child.once('error', (error: NodeJS.ErrnoException) =>
        reject(new Error(error.code === 'ENOENT' ? `turnserver (coturn) is not installed: ${coturnInstallHint}` : `turnserver: ${error.message}`)),
      );
      child.once('exit', (code, signal) =>
        reject(new Error(`turnserver exited (${signal ?? `code ${code}`}) before it answered; its last lines:\n${recent.join('\n')}`)),
      );
    });
    const stopChecking = new AbortController();
    try {
      await Promise.race([failed, waitForStunAnswer(options.probe.host, options.probe.port, 15_000, stopChecking.signal)]);
    } catch (error) {
      stopChecking.abort();
      child.kill('SIGKILL');
      throw error;
    }
    // After startup a later exit is reported through exited(); nothing is waiting on `failed` any more.
    failed.catch(() => undefined);
    return new CoturnProcess(child);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Resolves with the exit code or signal when turnserver stops. */
  exited(): Promise<string> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return Promise.resolve(String(this.child.signalCode ?? this.child.exitCode));
    return new Promise((resolve) => this.child.once('exit', (code, signal) => resolve(signal ?? `code ${code}`)));
  }

  /** SIGTERM, SIGKILL after 3 s; resolves once it is gone. */
  async stop(): Promise<void> {
    const gone = this.exited();
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 3000);
    await gone;
    clearTimeout(timer);
  }
}
