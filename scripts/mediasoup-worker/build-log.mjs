import { spawn } from 'node:child_process';
import { closeSync, openSync, writeSync } from 'node:fs';
import { createInterface } from 'node:readline';

const PREFIX = '[mediasoup-worker]';

/** A failure the user can act on; install.mjs prints the message and exits 1. */
export class InstallError extends Error {
  name = 'InstallError';
}

export function say(message, prefix = PREFIX) {
  console.log(`${prefix} ${message}`);
}

/**
 * Echoes an install step to the terminal (every line prefixed, so it stands
 * out inside npm's output) and keeps the full text in a log file, if given.
 */
export class BuildLog {
  #fd;
  #prefix;

  constructor(path, prefix = PREFIX) {
    this.path = path;
    this.#prefix = prefix;
    this.#fd = path === undefined ? undefined : openSync(path, 'a');
  }

  line(text) {
    say(text, this.#prefix);
    this.record(text);
  }

  step(index, total, title) {
    this.line(`step ${index}/${total}: ${title}`);
  }

  /** Runs a command, streaming its output; rejects with InstallError if it fails. */
  run(command, args, { cwd, env, what } = {}) {
    const shown = [command, ...args].join(' ');
    this.record(`$ ${shown}`);
    return new Promise((resolve, reject) => {
      const child = spawn(command, args, {
        cwd,
        env: { ...process.env, ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      for (const stream of [child.stdout, child.stderr]) {
        createInterface({ input: stream, crlfDelay: Infinity }).on('line', (text) => this.line(`  ${text}`));
      }
      child.on('error', (error) =>
        reject(new InstallError(`${what ?? shown} failed: cannot run ${command} (${error.message})`)),
      );
      child.on('close', (code, signal) => {
        if (code === 0) resolve();
        else reject(new InstallError(`${what ?? shown} failed (${signal ?? `exit code ${code}`})`));
      });
    });
  }

  close() {
    if (this.#fd !== undefined) closeSync(this.#fd);
  }

  /** Log file only, for detail the terminal doesn't need. */
  record(text) {
    if (this.#fd !== undefined) writeSync(this.#fd, `${text}\n`);
  }
}
