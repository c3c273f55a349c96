import path from 'node:path';
import { z } from 'zod';
import { repoRoot } from '../repoRoot.ts';

/**
 * zod pieces for flags that several processes take. A flag's value arrives as a string (command
 * line, DRONECAST_<FLAG>, or the configuration file after layering), so numbers are coerced; the
 * messages name the flag, and describeFlagIssues renames it after the layer the value came from.
 */

/** A whole number in [min, max]: "--port must be a number / a whole number / at least 1 / at most 65535". */
export function integerFlag(name: string, min: number, max: number) {
  return z.coerce
    .number({ error: `--${name} must be a number` })
    .int(`--${name} must be a whole number`)
    .min(min, `--${name} must be at least ${min}`)
    .max(max, `--${name} must be at most ${max}`);
}

/**
 * An IPv4 or IPv6 address. With a name the message carries it ("--mqtt-host: expected an IP
 * address"); without, it is the bare "expected an IP address" after the key the SFU's flags print.
 */
export function ipFlag(name?: string) {
  return z.union([z.ipv4(), z.ipv6()], { error: name === undefined ? 'expected an IP address' : `--${name}: expected an IP address` });
}

/** A switch: given or not on the command line, true/false in the environment or the file; off by default. */
export function switchFlag() {
  return z.boolean().default(false);
}

/** --state-dir: signing and TURN secrets and runtime state (default .dronecast in the repository). */
export function stateDirFlag() {
  return z.string().default(path.join(repoRoot, '.dronecast'));
}

/** --ca-cert: the CA that signed the SFU's certificate (default certs/out/ca.pem, made by npm run certs). */
export function caCertFlag() {
  return z.string().default(path.join(repoRoot, 'certs/out/ca.pem'));
}
