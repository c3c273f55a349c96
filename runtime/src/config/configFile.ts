import { UsageError } from '../usageError.ts';

/** The configuration file has one section per process; its keys are that process's flag names. */
export const configSections = ['sfu', 'ground', 'processing', 'launcher'] as const;
export type ConfigSection = (typeof configSections)[number];

export type ConfigFileSections = Partial<Record<ConfigSection, Record<string, unknown>>>;

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Parses the JSON configuration file's text; `label` (the path as the user gave it) starts every
 * error. Unknown sections are refused with the known ones, so a typo doesn't silently do nothing.
 */
export function parseConfigFile(text: string, label: string): ConfigFileSections {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${label}: not valid JSON (${(error as Error).message})`);
  }
  if (!isPlainObject(parsed)) throw new UsageError(`${label}: must be a JSON object with sections ${configSections.join(', ')}`);
  const sections: ConfigFileSections = {};
  for (const [name, value] of Object.entries(parsed)) {
    if (name === '$schema' || name.startsWith('//')) continue; // room for an editor schema and comments
    if (!(configSections as readonly string[]).includes(name)) {
      throw new UsageError(`${label}: unknown section "${name}"; known sections: ${configSections.join(', ')}`);
    }
    if (!isPlainObject(value)) throw new UsageError(`${label}: ${name} must be an object of settings (flag names without --)`);
    sections[name as ConfigSection] = value;
  }
  return sections;
}

/** The usage line every process with a section shows. */
export function configUsage(section: ConfigSection): string {
  return `  --config <file>           JSON settings, the "${section}" section (keys are these flags' names; also DRONECAST_CONFIG)
                            precedence: flags > DRONECAST_<FLAG> variables (e.g. DRONECAST_RTC_PORT) > file > defaults`;
}
