import { parseArgs } from 'node:util';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { parseFlags, usageErrorOf } from '@dronecast/runtime';
import { embeddedBrokerFlagSchema, embeddedBrokerFlags, embeddedBrokerTcp, embeddedBrokerUsage } from './embeddedBrokerFlags.ts';

const parse = (argv: string[]) => embeddedBrokerTcp(parseFlags(parseArgs, argv, embeddedBrokerFlags, z.object(embeddedBrokerFlagSchema), embeddedBrokerUsage));

describe('embedded broker flags', () => {
  it('listens for plain MQTT on loopback port 1883 unless told otherwise', () => {
    expect(parse([])).toEqual({ host: '127.0.0.1', port: 1883 });
    expect(parse(['--mqtt-host', '0.0.0.0', '--mqtt-port', '0'])).toEqual({ host: '0.0.0.0', port: 0 });
  });

  it('explains bad values', () => {
    expect(usageErrorOf(() => parse(['--mqtt-port', '70000']))).toMatch(/--mqtt-port must be 0-65535/);
    expect(usageErrorOf(() => parse(['--mqtt-host', 'somewhere']))).toMatch(/--mqtt-host: expected an IP address/);
  });
});
