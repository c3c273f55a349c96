import { describe, expect, it } from 'vitest';
import { UsageError } from '@dronecast/runtime';
import { formatConnection, parseConnection } from './connectionString.ts';

function refusal(text: string): string {
  try {
    parseConnection(text);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error(`"${text}" was accepted`);
}

describe('connection strings', () => {
  it('reads the forms QGroundControl and MAVProxy users write', () => {
    expect(parseConnection('udp:0.0.0.0:14550')).toEqual({ kind: 'udp', host: '0.0.0.0', port: 14550 });
    expect(parseConnection('udpout:192.168.4.1:14555')).toEqual({ kind: 'udpout', host: '192.168.4.1', port: 14555 });
    expect(parseConnection('tcp:localhost:5760')).toEqual({ kind: 'tcp', host: 'localhost', port: 5760 });
    expect(parseConnection('serial:/dev/ttyUSB0:57600')).toEqual({ kind: 'serial', path: '/dev/ttyUSB0', baudRate: 57600 });
  });

  it('takes the baud rate after the last colon, so by-id device paths work', () => {
    const path = '/dev/serial/by-id/usb-ArduPilot_fmuv3_3A0032-if00:port0';
    expect(parseConnection(`serial:${path}:115200`)).toEqual({ kind: 'serial', path, baudRate: 115200 });
  });

  it('allows port 0 (any free port) only where we listen', () => {
    expect(parseConnection('udp:127.0.0.1:0')).toMatchObject({ port: 0 });
    expect(refusal('udpout:127.0.0.1:0')).toMatch(/udpout needs the port/);
  });

  it('formats back to the same string', () => {
    for (const text of ['udp:0.0.0.0:14550', 'udpout:10.0.0.2:14550', 'tcp:127.0.0.1:5760', 'serial:/dev/ttyACM0:921600']) {
      expect(formatConnection(parseConnection(text))).toBe(text);
    }
  });

  it('refuses malformed strings with every accepted form in the message', () => {
    const cases: [string, RegExp][] = [
      ['/dev/ttyUSB0', /no kind/],
      ['com3:57600', /unknown kind "com3"/],
      ['udp:14550', /host name or IPv4 address/],
      ['udp:127.0.0.1:', /port must be a number/],
      ['tcp:127.0.0.1:70000', /port must be a number from 0 to 65535/],
      ['serial:ttyUSB0:57600', /absolute path/],
      ['serial:/dev/ttyUSB0', /baud rate must be a whole number/],
      ['serial:/dev/ttyUSB0:fast', /baud rate must be a whole number/],
      ['serial:/dev/ttyUSB0:300', /between 1200 and 4000000/],
    ];
    for (const [text, why] of cases) {
      const message = refusal(text);
      expect(message).toMatch(why);
      for (const form of ['udp:HOST:PORT', 'udpout:HOST:PORT', 'tcp:HOST:PORT', 'serial:PATH:BAUD']) expect(message).toContain(form);
    }
  });
});
