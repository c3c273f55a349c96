import fs from 'node:fs';
import type { ConfigSection } from '../config/configFile.ts';
import type { FlagSources } from '../cli.ts';

/** A process's real settings sources for parseFlags: its section of the configuration file, read from disk, and the environment. */
export function nodeFlagSources(section: ConfigSection, env: Record<string, string | undefined>): FlagSources {
  return { section, env, readFile: (file) => fs.readFileSync(file, 'utf8') };
}
