import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface SerialPair {
  /** Two pty paths wired to each other, like both ends of a USB serial cable. */
  a: string;
  b: string;
  close(): Promise<void>;
}

/** A virtual serial cable made with socat, so serial links are tested on real tty devices. */
export async function socatPair(): Promise<SerialPair> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dronecast-serial-'));
  const a = path.join(dir, 'ttyV0');
  const b = path.join(dir, 'ttyV1');
  const child = spawn('socat', [`pty,raw,echo=0,link=${a}`, `pty,raw,echo=0,link=${b}`], { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 5000;
  while (!(fs.existsSync(a) && fs.existsSync(b))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill();
      fs.rmSync(dir, { recursive: true, force: true });
      throw new Error(`socat did not make the pty pair (exit code ${child.exitCode})`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  return {
    a,
    b,
    close: async () => {
      if (child.exitCode === null) {
        child.kill();
        await exited;
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
