import { writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { generateEcKey, openssl } from './openssl.ts';
import type { KeyPair } from './paths.ts';

export const CA_VALIDITY_DAYS = 3650;

/** Host name and date make this CA recognisable among others in a phone's certificate list. */
function caCommonName(now: Date): string {
  // openssl config values treat `$`, `#` and `\` specially, so keep only plain characters.
  const host = hostname().replace(/[^A-Za-z0-9.-]/g, '-').slice(0, 30); // CN is limited to 64 characters
  return `dronecast local CA (${host}) ${now.toISOString().slice(0, 10)}`;
}

function caConfig(commonName: string): string {
  return [
    '[req]',
    'distinguished_name = dn',
    'prompt = no',
    '',
    '[dn]',
    'O = dronecast',
    `CN = ${commonName}`,
    '',
    '[ca_ext]',
    // pathlen:0 so that even a leaked CA key cannot mint further intermediate CAs.
    'basicConstraints = critical, CA:TRUE, pathlen:0',
    'keyUsage = critical, keyCertSign, cRLSign',
    'subjectKeyIdentifier = hash',
    '',
  ].join('\n');
}

/** Writes a new self-signed CA (ca.pem, ca-key.pem) into `stagingDir`. */
export async function createCa(stagingDir: string, now: Date = new Date()): Promise<KeyPair> {
  const keyPath = join(stagingDir, 'ca-key.pem');
  const certPath = join(stagingDir, 'ca.pem');
  const configPath = join(stagingDir, 'ca.cnf');
  await writeFile(configPath, caConfig(caCommonName(now)), { mode: 0o600 });
  await generateEcKey(keyPath);
  await openssl([
    'req', '-x509', '-new',
    '-key', keyPath,
    '-sha256',
    '-days', String(CA_VALIDITY_DAYS),
    '-config', configPath,
    '-extensions', 'ca_ext',
    '-out', certPath,
  ]);
  return { certPath, keyPath };
}
