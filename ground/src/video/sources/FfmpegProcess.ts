import { spawn, type ChildProcess } from 'node:child_process';
import { FrameAssembler } from './FrameAssembler.ts';
import { StderrTail } from './StderrTail.ts';
import { stopChildProcess } from './stopChildProcess.ts';

export interface FfmpegExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Set when ffmpeg could not be run at all (not installed, not executable). */
  spawnError: Error | undefined;
  /** It ended because stop() asked it to. */
  stopped: boolean;
  /** Its last stderr lines. */
  stderr: string;
}

export interface FfmpegProcessOptions {
  ffmpegPath: string;
  args: string[];
  frameSize: number;
  /** What is being read, for error messages: "v4l2 /dev/video0". */
  label: string;
  onFrame: (data: Uint8Array) => void;
  /** Between SIGTERM and SIGKILL in stop(); default 2 s. */
  killGraceMs?: number;
}

function withTail(message: string, stderr: string): string {
  return stderr === '' ? message : `${message}:\n${stderr}`;
}

export function describeExitStatus(exit: FfmpegExit): string {
  return exit.code !== null ? `exit code ${exit.code}` : `killed by ${exit.signal ?? 'a signal'}`;
}

/** One run of ffmpeg: frames cut out of its stdout, the tail of its stderr kept for error messages. */
export class FfmpegProcess {
  /** Always resolves, once the process is gone and its output read. */
  readonly exited: Promise<FfmpegExit>;
  /** Resolves at the first complete frame; rejects with a readable reason if ffmpeg ends first. */
  readonly firstFrame: Promise<void>;
  private readonly child: ChildProcess;
  private readonly stderr = new StderrTail();
  private stopping = false;

  constructor(private readonly options: FfmpegProcessOptions) {
    let spawnError: Error | undefined;
    let frameArrived: () => void = () => undefined;
    let gotFrame = false;
    this.child = spawn(options.ffmpegPath, options.args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const assembler = new FrameAssembler(options.frameSize, (data) => {
      if (this.stopping) return;
      if (!gotFrame) {
        gotFrame = true;
        frameArrived();
      }
      options.onFrame(data);
    });
    // Read stdout even while stopping: ffmpeg blocked on a full pipe would not act on SIGTERM.
    this.child.stdout?.on('data', (chunk: Buffer) => assembler.push(chunk));
    this.child.stderr?.on('data', (chunk: Buffer) => this.stderr.push(chunk));
    this.child.on('error', (error) => (spawnError ??= error));
    this.exited = new Promise((resolve) => {
      this.child.on('close', (code, signal) =>
        resolve({ code, signal, spawnError, stopped: this.stopping, stderr: this.stderr.text() }),
      );
    });
    this.firstFrame = new Promise((resolve, reject) => {
      frameArrived = resolve;
      void this.exited.then((exit) => reject(this.failureBeforeFirstFrame(exit)));
    });
    // Callers that stop before awaiting firstFrame must not get an unhandled rejection.
    this.firstFrame.catch(() => undefined);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  stderrTail(): string {
    return this.stderr.text();
  }

  /** Ends ffmpeg (SIGTERM, then SIGKILL) and resolves once it is reaped and its output read. */
  async stop(): Promise<void> {
    this.stopping = true;
    await stopChildProcess(this.child, this.options.killGraceMs);
    await this.exited;
  }

  private failureBeforeFirstFrame(exit: FfmpegExit): Error {
    const { ffmpegPath, label } = this.options;
    if (exit.spawnError) {
      if ((exit.spawnError as NodeJS.ErrnoException).code === 'ENOENT') {
        return new Error(`ffmpeg not found (${ffmpegPath}): install it with "apt-get install ffmpeg"`);
      }
      return new Error(`could not run ffmpeg (${ffmpegPath}): ${exit.spawnError.message}`);
    }
    if (exit.stopped) return new Error(`${label} was stopped before its first frame`);
    return new Error(withTail(`ffmpeg could not read ${label} (${describeExitStatus(exit)}, no frame received)`, exit.stderr));
  }
}
