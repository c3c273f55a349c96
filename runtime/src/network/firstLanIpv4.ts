import os from 'node:os';

/** This machine's first non-loopback IPv4 address: what phones on the LAN reach it at, when no host is given. */
export function firstLanIpv4(): string | undefined {
  for (const addresses of Object.values(os.networkInterfaces())) {
    for (const a of addresses ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  }
  return undefined;
}
