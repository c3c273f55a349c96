import { X509Certificate } from 'node:crypto';
import { chmod, mkdir, readFile, rm, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { CERT_MODE, installFile, KEY_MODE, makeStagingDir, removeStaleStagingDirs, syncDirectory } from './atomicFiles.ts';
import { createCa } from './createCa.ts';
import { inspectCa, inspectServerCert } from './inspectCerts.ts';
import { issueServerCert } from './issueServerCert.ts';
import { lanIPv4Addresses } from './lanAddresses.ts';
import { namesInCertificate, requiredNames, type SubjectName } from './names.ts';
import { certPaths, defaultCertDir, type CertPaths, type KeyPair } from './paths.ts';

export interface CertOptions {
  /** Output directory; defaults to `certs/out/`. */
  dir?: string;
  /** Additional host names or IP addresses the server certificate must cover. */
  extraNames?: readonly string[];
}

export interface EnsureCertsOptions extends CertOptions {
  /** Re-issue the server certificate even if the current one is fine (the CA is kept). */
  forceServerCert?: boolean;
  /** Clock override, for deciding what counts as expiring. */
  now?: Date;
}

export type CertResult = CertPaths & {
  /** A new server certificate was issued. */
  created: boolean;
  /** A new CA was created: devices that trusted the old one must trust this one. */
  caCreated: boolean;
  /** Every name the server certificate covers. */
  names: string[];
  /** Why a certificate was (re)issued; when `caCreated`, why the CA was replaced. */
  reason?: string;
};

interface Plan {
  forceCa: boolean;
  forceServerCert: boolean;
  now: Date;
}

/** Key first, then cert: if interrupted between the two renames the pair no longer matches, and the next run re-issues. */
async function install(staged: KeyPair, target: KeyPair): Promise<void> {
  await installFile(staged.keyPath, target.keyPath, KEY_MODE);
  await installFile(staged.certPath, target.certPath, CERT_MODE);
}

/** Older runs or manual copies may have left a key readable by others; tighten it rather than trusting the umask. */
async function tightenKeyMode(path: string): Promise<void> {
  if (process.platform === 'win32') return;
  const { mode } = await stat(path);
  if ((mode & 0o777) !== KEY_MODE) await chmod(path, KEY_MODE);
}

function describe(names: readonly SubjectName[]): string[] {
  return names.map((name) => name.value);
}

async function run(options: CertOptions, plan: Plan): Promise<CertResult> {
  const dir = resolve(options.dir ?? defaultCertDir());
  const paths = certPaths(dir);
  const ca: KeyPair = { certPath: paths.caCertPath, keyPath: paths.caKeyPath };
  const server: KeyPair = { certPath: paths.certPath, keyPath: paths.keyPath };
  // Parse names first so a bad --name fails before anything is touched.
  const required = requiredNames(lanIPv4Addresses(), options.extraNames);

  await mkdir(dir, { recursive: true });
  await removeStaleStagingDirs(dir);

  const state = plan.forceCa ? { caUsable: false, reason: 'requested' } : await inspectPair(paths, required, plan.now, plan.forceServerCert);
  if ('names' in state) {
    await Promise.all([tightenKeyMode(paths.caKeyPath), tightenKeyMode(paths.keyPath)]);
    return { ...paths, created: false, caCreated: false, names: describe(state.names) };
  }
  const { reason } = state;
  const caCreated = !state.caUsable;
  const stagingDir = await makeStagingDir(dir);
  try {
    if (caCreated) await install(await createCa(stagingDir, plan.now), ca);
    await install(await issueServerCert(stagingDir, ca, required), server);
    await syncDirectory(dir);
  } finally {
    await rm(stagingDir, { recursive: true, force: true });
  }
  const issued = new X509Certificate(await readFile(paths.certPath));
  return { ...paths, created: true, caCreated, names: describe(namesInCertificate(issued)), reason };
}

type PairState = { names: SubjectName[] } | { caUsable: boolean; reason: string };

/** Whether the CA and the server certificate in `paths` are good as they are, and if not, why. */
async function inspectPair(paths: CertPaths, required: readonly SubjectName[], now: Date, forceServerCert = false): Promise<PairState> {
  const caState = await inspectCa({ certPath: paths.caCertPath, keyPath: paths.caKeyPath }, now);
  if (!caState.usable) return { caUsable: false, reason: caState.reason };
  if (forceServerCert) return { caUsable: true, reason: 'requested' };
  const serverState = await inspectServerCert({ certPath: paths.certPath, keyPath: paths.keyPath }, caState.value, required, now);
  return serverState.usable ? { names: serverState.value.names } : { caUsable: true, reason: serverState.reason };
}

export type CertCheck = { usable: true; dir: string; names: string[] } | { usable: false; dir: string; reason: string };

/** What ensureCerts would find, without writing anything (npm run doctor). */
export async function checkCerts(options: CertOptions = {}, now = new Date()): Promise<CertCheck> {
  const dir = resolve(options.dir ?? defaultCertDir());
  const state = await inspectPair(certPaths(dir), requiredNames(lanIPv4Addresses(), options.extraNames), now);
  return 'names' in state ? { usable: true, dir, names: describe(state.names) } : { usable: false, dir, reason: state.reason };
}

/**
 * Makes sure a local CA and a server certificate signed by it exist in `dir`, reusing both when they are still good.
 * The CA is kept whenever possible because every phone has to be told to trust it by hand.
 */
export function ensureCerts(options: EnsureCertsOptions = {}): Promise<CertResult> {
  return run(options, { forceCa: false, forceServerCert: options.forceServerCert ?? false, now: options.now ?? new Date() });
}

/** Creates a new CA and server certificate unconditionally. Devices that trusted the old CA must trust the new one. */
export function generateCerts(options: CertOptions = {}): Promise<CertResult> {
  return run(options, { forceCa: true, forceServerCert: true, now: new Date() });
}
