import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface RtspCameraServerOptions {
  /** The UDP port whose H.264 RTP it serves (codec h264). */
  rtpPort?: number;
  codec?: 'h264' | 'vp8';
  /** "user:password": the server asks for HTTP Digest. */
  digest?: string;
  /** Listen here (a restart on the same port); default any free port. */
  port?: number;
}

/** Debian's python3, which has GStreamer's bindings (python3-gi); a pyenv python on PATH may not. */
const python = '/usr/bin/python3';
const script = fileURLToPath(new URL('./rtspServer.py', import.meta.url));
const missing = `GStreamer's RTSP server cannot run with ${python}: apt-get install python3-gi gir1.2-gst-rtsp-server-1.0 gstreamer1.0-plugins-good gstreamer1.0-plugins-base (npm install does, as root)`;

/**
 * GStreamer's RTSP server (gst-rtsp-server, as companion computers run it) on loopback, serving
 * rtsp://127.0.0.1:PORT/live: the simulated camera over RTSP (npm run camera -- --rtsp), and a real
 * RTSP camera for the tests.
 */
export class RtspCameraServer {
  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
  ) {}

  static async start(options: RtspCameraServerOptions): Promise<RtspCameraServer> {
    const args = [script, '--rtp-port', String(options.rtpPort ?? 0), '--codec', options.codec ?? 'h264', '--port', String(options.port ?? 0)];
    if (options.digest) args.push('--digest', options.digest);
    // Its stdin is a pipe it watches: when this process ends, however it ends, the server ends too.
    const child = spawn(python, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the RTSP server did not start in 15 s: ${output}`)), 15_000);
      const read = (chunk: Buffer): void => {
        output += chunk.toString();
        const ready = /ready (\d+)/.exec(output);
        if (ready) {
          clearTimeout(timer);
          resolve(Number(ready[1]));
        }
      };
      child.stdout.on('data', read);
      child.stderr.on('data', read);
      child.once('error', (error) => reject(new Error(`${missing}: ${error.message}`)));
      child.once('exit', (code) => {
        const notInstalled = /No module named 'gi'|Namespace Gst\w* not available|no element/i.test(output);
        reject(new Error(notInstalled ? `${missing}:\n${output.trim()}` : `the RTSP server exited ${code}: ${output.trim()}`));
      });
    });
    return new RtspCameraServer(child, port);
  }

  /** rtsp://[credentials@]127.0.0.1:PORT/live */
  url(credentials = ''): string {
    return `rtsp://${credentials ? `${credentials}@` : ''}127.0.0.1:${this.port}/live`;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGKILL');
    await exited;
  }
}
