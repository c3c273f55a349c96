import type { z } from 'zod';
import { describeIssues } from './validate.ts';

/** A bad command-line flag or config value; entry points print it and exit with code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export type FlagSpec = Record<string, { type: 'string' | 'boolean'; multiple?: boolean; short?: string }>;

export interface ParseArgs {
  (config: { args: string[]; options: FlagSpec; strict: true; allowPositionals: false }): { values: Record<string, unknown> };
}

/**
 * Parses flags with node's util.parseArgs (passed in so protocol stays platform-free), then
 * validates and converts the values with a zod schema, turning every problem into a UsageError.
 */
export function parseFlags<S extends z.ZodType>(
  parseArgs: ParseArgs,
  argv: string[],
  options: FlagSpec,
  schema: S,
  usage: string,
): z.output<S> {
  let values: Record<string, unknown>;
  try {
    values = parseArgs({ args: argv, options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n\n${usage}`);
  }
  const result = schema.safeParse(values);
  if (!result.success) throw new UsageError(`${describeIssues(result.error)}\n\n${usage}`);
  return result.data;
}

interface ProcessLike {
  exit(code: number): never;
  stderr: { write(text: string): unknown };
}

/**
 * Runs a process's main function: a UsageError prints "<program>: <message>" and exits 2 (the
 * launcher does not restart those); anything else is logged and exits 1.
 */
export function runCli(program: string, main: () => Promise<void>, logError: (message: string) => void): void {
  // Read at call time: protocol is also bundled into the web app, where there is no process.
  const proc = (globalThis as unknown as { process: ProcessLike }).process;
  main().catch((error: unknown) => {
    if (error instanceof UsageError) {
      proc.stderr.write(`${program}: ${error.message}\n`);
      proc.exit(2);
    }
    logError(`${program} failed: ${error instanceof Error ? error.message : String(error)}`);
    proc.exit(1);
  });
}

/** For tests: the message of the UsageError that `run` throws (anything else fails the test). */
export function usageErrorOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof UsageError) return error.message;
    throw error;
  }
  throw new Error('expected a UsageError, but it was accepted');
}
