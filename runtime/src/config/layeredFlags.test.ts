import { parseArgs } from 'node:util';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseFlags, parseLayeredFlags, usageErrorOf, type FlagSpec, type FlagSources } from '../cli.ts';

// A process like the SFU, reduced: the same kind of spec and schema every *Config.ts has.
const spec: FlagSpec = {
  port: { type: 'string' },
  'rtc-port': { type: 'string' },
  'no-mqtt': { type: 'boolean' },
  'drone-id': { type: 'string' },
  help: { type: 'boolean' },
};
const schema = z.object({
  port: z.coerce.number({ error: '--port must be a number' }).int().min(1, '--port must be 1-65535').max(65535, '--port must be 1-65535').default(8443),
  'rtc-port': z.coerce.number().int().min(1024, '--rtc-port must be at least 1024').default(40000),
  'no-mqtt': z.boolean().default(false),
  'drone-id': z.string().regex(/^[a-z0-9-]+$/, 'use lowercase letters').default('drone1'),
});

function sources(env: Record<string, string> = {}, files: Record<string, string> = {}): FlagSources {
  return {
    section: 'sfu',
    env,
    readFile: (file) => {
      const text = files[file];
      if (text === undefined) throw new Error(`ENOENT: no such file or directory, open '${file}'`);
      return text;
    },
  };
}
const parse = (argv: string[], s: FlagSources) => parseFlags(parseArgs, argv, spec, schema, 'Usage: test', s);
const fail = (argv: string[], s: FlagSources) => usageErrorOf(() => parse(argv, s));
const file = (sections: unknown) => ({ 'dronecast.json': JSON.stringify(sections) });

describe('settings from flags, environment and the configuration file', () => {
  it('takes the defaults when nothing is set', () => {
    expect(parse([], sources())).toEqual({ port: 8443, 'rtc-port': 40000, 'no-mqtt': false, 'drone-id': 'drone1' });
  });

  it('puts flags over the environment over the file over the defaults', () => {
    const s = sources(
      { DRONECAST_PORT: '9001', DRONECAST_RTC_PORT: '41000' },
      file({ sfu: { port: 9000, 'rtc-port': 42000, 'drone-id': 'from-file' }, ground: { camera: 'pattern' } }),
    );
    expect(parse(['--config', 'dronecast.json', '--port', '9002'], s)).toMatchObject({ port: 9002, 'rtc-port': 41000, 'drone-id': 'from-file' });
    expect(parse(['--config', 'dronecast.json'], s)).toMatchObject({ port: 9001 });
  });

  it('finds the file through DRONECAST_CONFIG and says which one it read', () => {
    const s = sources({ DRONECAST_CONFIG: 'dronecast.json' }, file({ sfu: { 'no-mqtt': true } }));
    const { values, configFile } = parseLayeredFlags(parseArgs, [], spec, schema, 'Usage: test', s);
    expect(values['no-mqtt']).toBe(true);
    expect(configFile).toBe('dronecast.json');
  });

  it('reads booleans from the environment and refuses anything else', () => {
    expect(parse([], sources({ DRONECAST_NO_MQTT: 'yes' }))['no-mqtt']).toBe(true);
    expect(parse([], sources({ DRONECAST_NO_MQTT: '0' }))['no-mqtt']).toBe(false);
    expect(fail([], sources({ DRONECAST_NO_MQTT: 'maybe' }))).toMatch(/^DRONECAST_NO_MQTT: must be true or false, not "maybe"/);
  });

  it('names the file and the key of a bad value in the file', () => {
    const s = sources({}, file({ sfu: { port: 70000 } }));
    expect(fail(['--config', 'dronecast.json'], s)).toMatch(/^dronecast\.json: sfu\.port must be 1-65535\n\nUsage: test/);
    expect(fail(['--config', 'dronecast.json'], sources({}, file({ sfu: { 'drone-id': 'Drone One' } })))).toMatch(
      /^dronecast\.json: sfu\.drone-id: use lowercase letters/,
    );
  });

  it('names the environment variable of a bad value from the environment', () => {
    expect(fail([], sources({ DRONECAST_PORT: 'abc' }))).toMatch(/^DRONECAST_PORT must be a number/);
  });

  it('keeps the flag wording for a bad flag, even when the file has the same key right', () => {
    expect(fail(['--config', 'dronecast.json', '--port', '0'], sources({}, file({ sfu: { port: 9000 } })))).toMatch(/^port: --port must be 1-65535/);
  });

  it('does not report a bad file value that a flag overrides', () => {
    expect(parse(['--config', 'dronecast.json', '--port', '9000'], sources({}, file({ sfu: { port: 'zzz' } }))).port).toBe(9000);
  });

  it('refuses unknown keys with the known ones, and unknown sections', () => {
    expect(fail(['--config', 'dronecast.json'], sources({}, file({ sfu: { colour: 'red' } })))).toBe(
      'dronecast.json: sfu.colour is not a setting of the sfu; known: port, rtc-port, no-mqtt, drone-id',
    );
    expect(fail(['--config', 'dronecast.json'], sources({}, file({ sfu: { help: true } })))).toMatch(/sfu\.help is not a setting/);
    expect(fail(['--config', 'dronecast.json'], sources({}, file({ sfuu: {} })))).toBe(
      'dronecast.json: unknown section "sfuu"; known sections: sfu, ground, processing, launcher',
    );
  });

  it('refuses values of the wrong shape in the file', () => {
    expect(fail(['--config', 'dronecast.json'], sources({}, file({ sfu: { 'no-mqtt': 'yes' } })))).toBe('dronecast.json: sfu.no-mqtt must be true or false');
    expect(fail(['--config', 'dronecast.json'], sources({}, file({ sfu: { port: [1] } })))).toBe('dronecast.json: sfu.port must be a string or a number');
    expect(fail(['--config', 'dronecast.json'], sources({}, file({ sfu: 'port=1' })))).toMatch(/dronecast\.json: sfu must be an object/);
  });

  it('explains a file that is missing or not JSON', () => {
    expect(fail(['--config', 'nowhere.json'], sources())).toMatch(/^nowhere\.json: cannot read the configuration file \(ENOENT/);
    expect(fail(['--config', 'dronecast.json'], sources({}, { 'dronecast.json': '{ "sfu": { port: 1 } }' }))).toMatch(
      /^dronecast\.json: not valid JSON/,
    );
  });

  it('ignores empty environment variables and null file values', () => {
    expect(parse(['--config', 'dronecast.json'], sources({ DRONECAST_PORT: '' }, file({ sfu: { 'rtc-port': null } })))).toMatchObject({
      port: 8443,
      'rtc-port': 40000,
    });
  });

  it('without sources behaves as before: no --config, no environment', () => {
    expect(usageErrorOf(() => parseFlags(parseArgs, ['--config', 'x.json'], spec, schema, 'Usage: test'))).toMatch(/Unknown option '--config'/);
  });
});
