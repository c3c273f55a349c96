import { execFile } from 'node:child_process';

export class OpensslError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'OpensslError';
  }
}

/** Runs the `openssl` CLI without a shell, so names and paths never reach a shell parser. */
export function openssl(args: readonly string[], cwd?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('openssl', [...args], { cwd, encoding: 'utf8', timeout: 60_000 }, (error, stdout, stderr) => {
      if (!error) {
        resolve(stdout);
        return;
      }
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        reject(new OpensslError('openssl not found on PATH; install it (e.g. `apt install openssl`)', { cause: error }));
        return;
      }
      const detail = stderr.trim() || error.message;
      reject(new OpensslError(`openssl ${args[0] ?? ''} failed: ${detail}`, { cause: error }));
    });
  });
}

/** P-256: accepted by Android, iOS and every desktop browser, and generated in milliseconds unlike RSA. */
export async function generateEcKey(keyPath: string): Promise<void> {
  await openssl([
    'genpkey',
    '-algorithm', 'EC',
    '-pkeyopt', 'ec_paramgen_curve:prime256v1',
    '-pkeyopt', 'ec_param_enc:named_curve',
    '-out', keyPath,
  ]);
}
