import type { z } from 'zod';
import { parseConfigFile, type ConfigSection } from './config/configFile.ts';
import { describeFlagIssues } from './config/describeFlagIssues.ts';
import { configFileEnvName } from './config/envFlagName.ts';
import { layeredFlagValues } from './config/layeredFlagValues.ts';
import { UsageError } from './usageError.ts';

export type FlagSpec = Record<string, { type: 'string' | 'boolean'; multiple?: boolean; short?: string }>;

export interface ParseArgs {
  (config: { args: string[]; options: FlagSpec; strict: true; allowPositionals: false }): { values: Record<string, unknown> };
}

/**
 * Where a process's settings come from besides its flags: DRONECAST_<FLAG> variables and its
 * section of the configuration file (--config <file> or DRONECAST_CONFIG). Passed in so tests can
 * give an environment and files of their own (nodeFlagSources gives the real ones).
 */
export interface FlagSources {
  section: ConfigSection;
  env: Record<string, string | undefined>;
  readFile(path: string): string;
}

/**
 * Parses flags with node's util.parseArgs (the caller hands it in), then
 * validates and converts the values with a zod schema, turning every problem into a UsageError.
 * With `sources`, --config is accepted and the precedence is flags > environment > file > the
 * schema's defaults.
 */
export function parseFlags<S extends z.ZodType>(
  parseArgs: ParseArgs,
  argv: string[],
  options: FlagSpec,
  schema: S,
  usage: string,
  sources?: FlagSources,
): z.output<S> {
  return parseLayeredFlags(parseArgs, argv, options, schema, usage, sources).values;
}

/** parseFlags, also saying which configuration file was read (the launcher hands it on). */
export function parseLayeredFlags<S extends z.ZodType>(
  parseArgs: ParseArgs,
  argv: string[],
  options: FlagSpec,
  schema: S,
  usage: string,
  sources?: FlagSources,
): { values: z.output<S>; configFile: string | undefined } {
  const spec: FlagSpec = sources ? { ...options, config: { type: 'string' } } : options;
  let flags: Record<string, unknown>;
  try {
    flags = parseArgs({ args: argv, options: spec, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n\n${usage}`);
  }
  const configFile = sources ? ((flags.config as string | undefined) ?? (sources.env[configFileEnvName] || undefined)) : undefined;
  const { config: _config, ...flagValues } = flags;
  const layers = sources
    ? layeredFlagValues(options, { flags: flagValues, env: sources.env, file: configFile ? readSection(configFile, sources) : undefined })
    : { values: flagValues, origins: {} };
  const result = schema.safeParse(layers.values);
  if (!result.success) throw new UsageError(`${describeFlagIssues(result.error, layers.origins)}\n\n${usage}`);
  return { values: result.data, configFile };
}

function readSection(file: string, sources: FlagSources): { values: Record<string, unknown>; label: string; section: string } {
  let text: string;
  try {
    text = sources.readFile(file);
  } catch (error) {
    throw new UsageError(`${file}: cannot read the configuration file (${(error as Error).message})`);
  }
  return { values: parseConfigFile(text, file)[sources.section] ?? {}, label: file, section: sources.section };
}

/**
 * Runs a process's main function: a UsageError prints "<program>: <message>" and exits 2 (the
 * launcher does not restart those); anything else is logged and exits 1.
 */
export function runCli(program: string, main: () => Promise<void>, logError: (message: string) => void): void {
  main().catch((error: unknown) => {
    if (error instanceof UsageError) {
      process.stderr.write(`${program}: ${error.message}\n`);
      process.exit(2);
    }
    logError(`${program} failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
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
