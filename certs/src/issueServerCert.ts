import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SubjectName } from './names.ts';
import { generateEcKey, openssl } from './openssl.ts';
import type { KeyPair } from './paths.ts';

/** iOS rejects TLS server certificates valid for more than 825 days; stay a little under. */
export const SERVER_VALIDITY_DAYS = 820;

function serverConfig(names: readonly SubjectName[]): string {
  const counters = { DNS: 0, IP: 0 };
  const altNames = names.map((name) => `${name.kind}.${++counters[name.kind]} = ${name.value}`);
  return [
    '[req]',
    'distinguished_name = dn',
    'prompt = no',
    '',
    '[dn]',
    'O = dronecast',
    // Clients match the subjectAltName, not the CN; the CN is only a label.
    'CN = dronecast server',
    '',
    '[server_ext]',
    'basicConstraints = critical, CA:FALSE',
    'keyUsage = critical, digitalSignature',
    'extendedKeyUsage = serverAuth',
    'subjectAltName = @alt_names',
    'subjectKeyIdentifier = hash',
    'authorityKeyIdentifier = keyid',
    '',
    '[alt_names]',
    ...altNames,
    '',
  ].join('\n');
}

/** Random positive 128-bit serial, so re-issued certificates never collide and no serial file is needed. */
function randomSerial(): string {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0] ?? 0) & 0x7f;
  return `0x${bytes.toString('hex')}`;
}

/** Writes a new server key and certificate (key.pem, cert.pem) signed by `ca` into `stagingDir`. */
export async function issueServerCert(stagingDir: string, ca: KeyPair, names: readonly SubjectName[]): Promise<KeyPair> {
  if (names.length === 0) throw new Error('a server certificate needs at least one name');
  const keyPath = join(stagingDir, 'key.pem');
  const certPath = join(stagingDir, 'cert.pem');
  const csrPath = join(stagingDir, 'server.csr');
  const configPath = join(stagingDir, 'server.cnf');
  await writeFile(configPath, serverConfig(names), { mode: 0o600 });
  await generateEcKey(keyPath);
  await openssl(['req', '-new', '-key', keyPath, '-config', configPath, '-out', csrPath]);
  await openssl([
    'x509', '-req',
    '-in', csrPath,
    '-CA', ca.certPath,
    '-CAkey', ca.keyPath,
    '-set_serial', randomSerial(),
    '-sha256',
    '-days', String(SERVER_VALIDITY_DAYS),
    '-extfile', configPath,
    '-extensions', 'server_ext',
    '-out', certPath,
  ]);
  return { certPath, keyPath };
}
