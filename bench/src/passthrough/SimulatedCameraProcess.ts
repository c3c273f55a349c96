import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from '@dronecast/launcher';
import type { BenchFormat } from './passthroughResultsSchema.ts';
import { formatLabel, type RunCamera } from './passthroughPlan.ts';

export interface SimulatedCameraOptions {
  format: BenchFormat;
  /** A UDP port to send to, or for rtsp the TCP port to serve at. */
  port: number;
  /**
   * rtp: H.264 RTP for the passthrough path; mpegts: what the transcode path's ffmpeg reads without
   * an SDP; rtsp: served at rtsp://127.0.0.1:PORT/live by GStreamer's RTSP server, the camera's child.
   */
  delivery: RunCamera['delivery'];
  bitrateKbps: number;
  gopSeconds: number;
}

/**
 * `npm run camera` as its own process, sending to 127.0.0.1 or serving over RTSP there: its painting,
 * libx264 and RTSP server then never hold up the bench's event loop (which reads the page), and its
 * CPU (its RTSP server's included) is measured apart from the paths'.
 */
export class SimulatedCameraProcess {
  private constructor(
    private readonly child: ChildProcess,
    private readonly output: () => string,
  ) {}

  get pid(): number {
    return this.child.pid!;
  }

  /** Why the camera stopped, if it did (its own words); undefined while it runs. */
  get stoppedBecause(): string | undefined {
    const { exitCode, signalCode } = this.child;
    return exitCode === null && signalCode === null ? undefined : `the simulated camera exited (${exitCode ?? signalCode}): ${this.output().trim()}`;
  }

  /** Resolves once the camera says it is sending. */
  static async start(options: SimulatedCameraOptions): Promise<SimulatedCameraProcess> {
    const args = [
      ...(options.delivery === 'rtsp' ? ['--rtsp', String(options.port)] : ['--to', `udp:127.0.0.1:${options.port}`, '--container', options.delivery]),
      '--pattern', formatLabel(options.format),
      '--bitrate', String(options.bitrateKbps),
      '--gop', String(options.gopSeconds),
    ];
    const child = fork(path.join(repoRoot, 'ground/src/camera/camera-main.ts'), args, {
      cwd: repoRoot,
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    let output = '';
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the simulated camera did not start within 30 s:\n${output}`)), 30_000);
      // Kept listening after the start: the output says why, if the camera stops later.
      child.stdout?.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('Sending the test pattern')) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`the simulated camera exited (${code ?? signal}):\n${output}`));
      });
    });
    return new SimulatedCameraProcess(child, () => output);
  }

  /** Stops the camera; what it sent and dropped over its life, as it says when it stops. */
  async stop(): Promise<{ sent: number; dropped: number } | undefined> {
    const child = this.child;
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    const counts = /Stopped: (\d+) frames sent, (\d+) dropped/.exec(this.output());
    return counts ? { sent: Number(counts[1]), dropped: Number(counts[2]) } : undefined;
  }
}
