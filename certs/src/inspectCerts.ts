import { createPrivateKey, X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { missingNames, namesInCertificate, type SubjectName } from './names.ts';
import type { KeyPair } from './paths.ts';

/** Renew this long before expiry so a long session never runs into an expired certificate. */
export const RENEW_WITHIN_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

export type Inspection<T> = { usable: true; value: T } | { usable: false; reason: string };

export interface UsableServerCert {
  cert: X509Certificate;
  names: SubjectName[];
}

async function readIfExists(path: string): Promise<Buffer | undefined> {
  try {
    return await readFile(path);
  } catch (error) {
    // Only absence means "create it"; unreadable files (EACCES, EISDIR) are the user's problem to see.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

type Loaded = { cert: X509Certificate } | { problem: string };

/** Reads a certificate and its key and checks they belong together, which catches a pair torn by an interrupted run. */
async function loadPair(pair: KeyPair, label: string): Promise<Loaded> {
  const [certPem, keyPem] = await Promise.all([readIfExists(pair.certPath), readIfExists(pair.keyPath)]);
  if (certPem === undefined && keyPem === undefined) return { problem: `no ${label} existed` };
  if (certPem === undefined || keyPem === undefined) return { problem: `${label} certificate or key is missing` };
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(certPem);
    if (!cert.checkPrivateKey(createPrivateKey(keyPem))) return { problem: `${label} key does not match its certificate` };
  } catch (error) {
    return { problem: `${label} files cannot be parsed (${(error as Error).message})` };
  }
  return { cert };
}

function expiryProblem(cert: X509Certificate, now: Date, label: string): string | undefined {
  const notAfter = Date.parse(cert.validTo);
  const notBefore = Date.parse(cert.validFrom);
  if (Number.isNaN(notAfter) || Number.isNaN(notBefore)) return `${label} has unparseable validity dates`;
  if (notBefore > now.getTime()) return `${label} is not valid yet (clock changed?)`;
  if (notAfter - now.getTime() < RENEW_WITHIN_DAYS * DAY_MS) return `${label} expires within ${RENEW_WITHIN_DAYS} days`;
  return undefined;
}

export async function inspectCa(pair: KeyPair, now: Date): Promise<Inspection<X509Certificate>> {
  const loaded = await loadPair(pair, 'CA');
  if ('problem' in loaded) return { usable: false, reason: loaded.problem };
  const { cert } = loaded;
  if (!cert.ca) return { usable: false, reason: 'CA certificate is not a CA' };
  if (!cert.verify(cert.publicKey)) return { usable: false, reason: 'CA certificate is not self-signed' };
  const expiry = expiryProblem(cert, now, 'CA');
  if (expiry !== undefined) return { usable: false, reason: expiry };
  return { usable: true, value: cert };
}

export async function inspectServerCert(
  pair: KeyPair,
  ca: X509Certificate,
  required: readonly SubjectName[],
  now: Date,
): Promise<Inspection<UsableServerCert>> {
  const loaded = await loadPair(pair, 'server');
  if ('problem' in loaded) return { usable: false, reason: loaded.problem };
  const { cert } = loaded;
  // A server certificate from a replaced CA would be rejected by every phone that trusts the current one.
  if (!cert.checkIssued(ca) || !cert.verify(ca.publicKey)) return { usable: false, reason: 'server certificate is not signed by the current CA' };
  const expiry = expiryProblem(cert, now, 'server certificate');
  if (expiry !== undefined) return { usable: false, reason: expiry };
  const names = namesInCertificate(cert);
  const missing = missingNames(required, names);
  if (missing.length > 0) {
    return { usable: false, reason: `server certificate does not cover ${missing.map((name) => name.value).join(', ')}` };
  }
  return { usable: true, value: { cert, names } };
}
