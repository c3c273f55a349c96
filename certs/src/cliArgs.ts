import { parseArgs } from 'node:util';

export const USAGE = `Usage: npm run certs -- [options]

Creates (or reuses) a local CA and a server certificate for dronecast.

Options:
  --dir <path>    output directory (default: certs/out)
  --name <name>   extra host name or IP the certificate must cover (repeatable)
  --force         issue a new server certificate even if the current one is fine
  -h, --help      show this help`;

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export interface CliArgs {
  help: boolean;
  dir: string | undefined;
  names: string[];
  force: boolean;
}

function isParseArgsError(error: unknown): error is Error & { code: string } {
  if (!(error instanceof Error) || !('code' in error)) return false;
  return typeof error.code === 'string' && error.code.startsWith('ERR_PARSE_ARGS_');
}

export function parseCliArgs(argv: readonly string[]): CliArgs {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        dir: { type: 'string' },
        name: { type: 'string', multiple: true },
        force: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    // Node's messages end with advice about `--` positionals that does not apply here; keep the first sentence.
    if (isParseArgsError(error)) throw new UsageError(error.message.split('. ')[0] ?? error.message);
    throw error;
  }
  if (values.dir === '') throw new UsageError('--dir needs a non-empty path');
  return { help: values.help ?? false, dir: values.dir, names: values.name ?? [], force: values.force ?? false };
}
