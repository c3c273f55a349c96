import { parseArgs } from 'node:util';
import { z } from 'zod';
import { parseFlags, switchFlag, UsageError, type FlagSpec } from '@dronecast/runtime';
import { parseConnection } from '../links/connectionString.ts';
import { defaultCopterParams, defaultHome } from './copterParams.ts';
import type { VehicleSimulatorOptions } from './VehicleSimulator.ts';

export const simulatorUsage = `Usage: npm run sim -- [flags]
  An ArduCopter-like quadcopter speaking MAVLink 2 (system 1, component 1).
  --listen <connection>   where ground stations reach it (repeatable; default udp:127.0.0.1:14550):
                            udp:HOST:PORT     replies to whoever sent last (connect with udpout:HOST:PORT)
                            tcp:HOST:PORT     a TCP server, any number of ground stations
                            serial:PATH:BAUD  a serial device, e.g. one end of a socat pty pair
  --out <connection>      push to a listening ground station, as SITL does to QGroundControl (repeatable):
                            udpout:HOST:PORT (e.g. udpout:127.0.0.1:14550), or tcp:HOST:PORT to dial one
  --home <lat,lon[,alt]>  boot location, alt in metres above sea level (default ${defaultHome.lat},${defaultHome.lon},${defaultHome.altMsl}: Castelldefels)
  --gps-delay <s>         seconds until the GPS has a 3D fix; arming waits for it (default ${defaultCopterParams.gpsFixDelayS})
  --rtl-alt <m>           RTL_ALT, metres above home (default ${defaultCopterParams.rtlAltitudeM})
  --battery <percent>     charge at start (default 100)
  --speedup <x>           run the simulated clock x times faster than real time (default 1)
  --help`;

const flags: FlagSpec = {
  listen: { type: 'string', multiple: true },
  out: { type: 'string', multiple: true },
  home: { type: 'string' },
  'gps-delay': { type: 'string' },
  'rtl-alt': { type: 'string' },
  battery: { type: 'string' },
  speedup: { type: 'string' },
  help: { type: 'boolean' },
};

const number = (name: string, min: number, max: number) =>
  z.coerce.number({ error: `--${name} must be a number` }).min(min, `--${name} must be at least ${min}`).max(max, `--${name} must be at most ${max}`);

const home = z
  .string()
  .transform((text, ctx) => {
    const parts = text.split(',').map(Number);
    const [lat, lon, altMsl = defaultHome.altMsl] = parts;
    if (parts.length < 2 || parts.length > 3 || parts.some((p) => !Number.isFinite(p)) || lat === undefined || lon === undefined || Math.abs(lat) > 85 || Math.abs(lon) > 180) {
      ctx.addIssue({ code: 'custom', message: '--home must be LAT,LON or LAT,LON,ALT, e.g. 41.2757,1.9881,4' });
      return z.NEVER;
    }
    return { lat, lon, altMsl };
  });

const schema = z.object({
  listen: z.array(z.string()).optional(),
  out: z.array(z.string()).default([]),
  home: home.optional(),
  'gps-delay': number('gps-delay', 0, 600).default(defaultCopterParams.gpsFixDelayS),
  'rtl-alt': number('rtl-alt', 2, 300).default(defaultCopterParams.rtlAltitudeM),
  battery: number('battery', 0, 100).default(100),
  speedup: number('speedup', 0.1, 100).default(1),
  help: switchFlag(),
});

export interface SimulatorConfig {
  help: boolean;
  options: VehicleSimulatorOptions;
}

export function parseSimulatorConfig(argv: string[]): SimulatorConfig {
  const v = parseFlags(parseArgs, argv, flags, schema, simulatorUsage);
  const listen = v.listen ?? (v.out.length ? [] : ['udp:127.0.0.1:14550']);
  const check = (flag: string, text: string, kinds: string[]): void => {
    let kind: string;
    try {
      kind = parseConnection(text).kind;
    } catch (error) {
      throw new UsageError(`--${flag}: ${(error as Error).message}\n\n${simulatorUsage}`);
    }
    if (!kinds.includes(kind)) throw new UsageError(`--${flag} ${text}: use ${kinds.map((k) => `${k}:`).join(' or ')} here\n\n${simulatorUsage}`);
  };
  for (const text of listen) check('listen', text, ['udp', 'tcp', 'serial']);
  for (const text of v.out) check('out', text, ['udpout', 'tcp']);
  return {
    help: v.help,
    options: {
      listen,
      out: v.out,
      location: v.home,
      timeScale: v.speedup,
      battery: { remainingPct: v.battery },
      params: { gpsFixDelayS: v['gps-delay'], rtlAltitudeM: v['rtl-alt'] },
    },
  };
}
