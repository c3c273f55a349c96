import type { FlagSpec } from '../cli.ts';
import { UsageError } from '../usageError.ts';
import { envFlagName } from './envFlagName.ts';

/** Where a flag's value came from, as an error should name it: "--port", "DRONECAST_PORT", "dronecast.json: sfu.port". */
export type FlagOrigins = Record<string, string>;

export interface FlagLayers {
  /** Values from the command line (util.parseArgs). */
  flags: Record<string, unknown>;
  env: Record<string, string | undefined>;
  /** The process's section of the configuration file, and how to name it ("dronecast.json", "sfu"). */
  file?: { values: Record<string, unknown>; label: string; section: string };
}

/** Flags that only make sense on a command line. */
const commandLineOnly = new Set(['config', 'help']);

export function settableFlags(spec: FlagSpec): string[] {
  return Object.keys(spec).filter((name) => !commandLineOnly.has(name));
}

const truthy = new Set(['1', 'true', 'yes', 'on']);
const falsy = new Set(['0', 'false', 'no', 'off']);

function fromEnv(name: string, kind: FlagSpec[string], raw: string): unknown {
  const label = envFlagName(name);
  if (kind.type === 'boolean') {
    const word = raw.trim().toLowerCase();
    if (truthy.has(word)) return true;
    if (falsy.has(word)) return false;
    throw new UsageError(`${label}: must be true or false, not "${raw}"`);
  }
  return kind.multiple ? raw.split(',').map((part) => part.trim()).filter(Boolean) : raw;
}

function fromFile(name: string, kind: FlagSpec[string], value: unknown, where: string): unknown {
  if (kind.type === 'boolean') {
    if (typeof value !== 'boolean') throw new UsageError(`${where} must be true or false`);
    return value;
  }
  const scalar = (v: unknown): string => {
    if (typeof v === 'string') return v;
    if (typeof v === 'number' && Number.isFinite(v)) return String(v);
    throw new UsageError(`${where} must be a string or a number`);
  };
  if (kind.multiple) {
    if (!Array.isArray(value)) throw new UsageError(`${where} must be a list`);
    return value.map(scalar);
  }
  return scalar(value);
}

/**
 * Merges the layers for one process, flags over environment (DRONECAST_<FLAG>) over the file
 * section, checking only shape (string, boolean, list) here: values are validated afterwards by
 * the process's own schema, whose errors are then named after the layer each value came from.
 * Works off the FlagSpec alone, so a flag added to a process is settable everywhere at once.
 */
export function layeredFlagValues(spec: FlagSpec, layers: FlagLayers): { values: Record<string, unknown>; origins: FlagOrigins } {
  const values: Record<string, unknown> = {};
  const origins: FlagOrigins = {};
  const names = settableFlags(spec);
  if (layers.file) {
    const { label, section } = layers.file;
    for (const [key, value] of Object.entries(layers.file.values)) {
      const where = `${label}: ${section}.${key}`;
      const kind = names.includes(key) ? spec[key] : undefined;
      if (!kind) throw new UsageError(`${where} is not a setting of the ${section}; known: ${names.join(', ')}`);
      if (value === null) continue; // null: leave the default
      values[key] = fromFile(key, kind, value, where);
      origins[key] = where;
    }
  }
  for (const name of names) {
    const raw = layers.env[envFlagName(name)];
    const kind = spec[name];
    if (raw === undefined || raw === '' || !kind) continue;
    values[name] = fromEnv(name, kind, raw);
    origins[name] = envFlagName(name);
  }
  for (const [name, value] of Object.entries(layers.flags)) {
    if (value === undefined) continue;
    values[name] = value;
    origins[name] = `--${name}`;
  }
  return { values, origins };
}
