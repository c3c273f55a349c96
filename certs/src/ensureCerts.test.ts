import { X509Certificate } from 'node:crypto';
import { readFile, rename, stat, writeFile, chmod } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureCerts, generateCerts } from './ensureCerts.ts';
import { inspectServerCert } from './inspectCerts.ts';
import { lanIPv4Addresses } from './lanAddresses.ts';
import { namesInCertificate, requiredNames } from './names.ts';
import { generateEcKey } from './openssl.ts';
import { useTempDirs } from './testDir.ts';

const SERVER_AUTH = '1.3.6.1.5.5.7.3.1';
const DAY_MS = 24 * 60 * 60 * 1000;

async function loadCert(path: string): Promise<X509Certificate> {
  return new X509Certificate(await readFile(path));
}

async function fileMode(path: string): Promise<number> {
  return (await stat(path)).mode & 0o777;
}

describe('ensureCerts', () => {
  const tempDir = useTempDirs();

  it('creates a CA and a server certificate that verifies against it', async () => {
    const dir = await tempDir();
    const result = await ensureCerts({ dir });
    expect(result).toMatchObject({ created: true, caCreated: true, dir });

    const ca = await loadCert(result.caCertPath);
    const cert = await loadCert(result.certPath);
    expect(ca.ca).toBe(true);
    expect(cert.ca).toBe(false);
    expect(cert.checkIssued(ca)).toBe(true);
    expect(cert.verify(ca.publicKey)).toBe(true);
    expect(cert.keyUsage).toContain(SERVER_AUTH);

    const validDays = (Date.parse(cert.validTo) - Date.parse(cert.validFrom)) / DAY_MS;
    expect(validDays).toBeLessThanOrEqual(825);
    const caValidDays = (Date.parse(ca.validTo) - Date.parse(ca.validFrom)) / DAY_MS;
    expect(caValidDays).toBeGreaterThanOrEqual(3650);
  });

  it('covers localhost, loopback and every LAN IPv4 address', async () => {
    const dir = await tempDir();
    const result = await ensureCerts({ dir });
    const san = (await loadCert(result.certPath)).subjectAltName ?? '';
    expect(san).toContain('DNS:localhost');
    expect(san).toContain('IP Address:127.0.0.1');
    for (const address of lanIPv4Addresses()) expect(san).toContain(`IP Address:${address}`);
    expect(result.names).toEqual(expect.arrayContaining(['localhost', '127.0.0.1', '::1', ...lanIPv4Addresses()]));
  });

  it('writes keys 0600 and certificates 0644 whatever the umask', async () => {
    const dir = await tempDir();
    const previous = process.umask(0o000);
    try {
      await ensureCerts({ dir });
    } finally {
      process.umask(previous);
    }
    expect(await fileMode(join(dir, 'ca-key.pem'))).toBe(0o600);
    expect(await fileMode(join(dir, 'key.pem'))).toBe(0o600);
    expect(await fileMode(join(dir, 'ca.pem'))).toBe(0o644);
    expect(await fileMode(join(dir, 'cert.pem'))).toBe(0o644);
  });

  it('reuses a good certificate, and tightens a loosened key mode', async () => {
    const dir = await tempDir();
    const first = await ensureCerts({ dir });
    const fingerprint = (await loadCert(first.certPath)).fingerprint256;
    await chmod(first.keyPath, 0o644);

    const second = await ensureCerts({ dir });
    expect(second).toMatchObject({ created: false, caCreated: false });
    expect((await loadCert(second.certPath)).fingerprint256).toBe(fingerprint);
    expect(second.names).toEqual(first.names);
    expect(await fileMode(second.keyPath)).toBe(0o600);
  });

  it('re-issues under the same CA when a new name is needed', async () => {
    const dir = await tempDir();
    const first = await ensureCerts({ dir });
    const caFingerprint = (await loadCert(first.caCertPath)).fingerprint256;
    const oldFingerprint = (await loadCert(first.certPath)).fingerprint256;

    const second = await ensureCerts({ dir, extraNames: ['drone.example.test', '10.99.0.7'] });
    expect(second).toMatchObject({ created: true, caCreated: false });
    expect(second.reason).toContain('drone.example.test');
    const ca = await loadCert(second.caCertPath);
    const cert = await loadCert(second.certPath);
    expect(ca.fingerprint256).toBe(caFingerprint);
    expect(cert.fingerprint256).not.toBe(oldFingerprint);
    expect(cert.verify(ca.publicKey)).toBe(true);
    expect(cert.subjectAltName).toContain('DNS:drone.example.test');
    expect(cert.subjectAltName).toContain('IP Address:10.99.0.7');

    // Names already covered, in a different spelling, do not cause another re-issue.
    const third = await ensureCerts({ dir, extraNames: ['DRONE.example.test.'] });
    expect(third.created).toBe(false);
  });

  it('re-issues the server certificate when it expires within 30 days', async () => {
    const dir = await tempDir();
    await ensureCerts({ dir });
    const later = new Date(Date.now() + 800 * DAY_MS);
    const renewed = await ensureCerts({ dir, now: later });
    expect(renewed).toMatchObject({ created: true, caCreated: false });
    expect(renewed.reason).toMatch(/expires within 30 days/);
  });

  it('re-issues on --force but keeps the CA', async () => {
    const dir = await tempDir();
    const first = await ensureCerts({ dir });
    const caFingerprint = (await loadCert(first.caCertPath)).fingerprint256;
    const forced = await ensureCerts({ dir, forceServerCert: true });
    expect(forced).toMatchObject({ created: true, caCreated: false });
    expect((await loadCert(forced.caCertPath)).fingerprint256).toBe(caFingerprint);
  });

  it('re-issues the server certificate when the CA is replaced', async () => {
    const dir = await tempDir();
    const first = await ensureCerts({ dir });
    const oldCa = await loadCert(first.caCertPath);

    const regenerated = await generateCerts({ dir });
    expect(regenerated).toMatchObject({ created: true, caCreated: true });
    const newCa = await loadCert(regenerated.caCertPath);
    const cert = await loadCert(regenerated.certPath);
    expect(newCa.fingerprint256).not.toBe(oldCa.fingerprint256);
    expect(cert.verify(newCa.publicKey)).toBe(true);
    expect(cert.verify(oldCa.publicKey)).toBe(false);
  });

  it('replaces a server certificate signed by a CA that is no longer current', async () => {
    const dir = await tempDir();
    const other = await tempDir();
    await ensureCerts({ dir });
    const foreign = await ensureCerts({ dir: other });
    // Simulates a run that installed a new CA and died before installing the new server certificate.
    await rename(foreign.certPath, join(dir, 'cert.pem'));
    await rename(foreign.keyPath, join(dir, 'key.pem'));

    const repaired = await ensureCerts({ dir });
    expect(repaired).toMatchObject({ created: true, caCreated: false });
    expect(repaired.reason).toMatch(/not signed by the current CA/);
    const ca = await loadCert(repaired.caCertPath);
    expect((await loadCert(repaired.certPath)).verify(ca.publicKey)).toBe(true);
  });

  it('never reuses a torn key/cert pair', async () => {
    const dir = await tempDir();
    const first = await ensureCerts({ dir });
    // Simulates a run interrupted between installing the new key and the new certificate.
    await generateEcKey(first.keyPath);
    const repaired = await ensureCerts({ dir });
    expect(repaired).toMatchObject({ created: true, caCreated: false });
    expect(repaired.reason).toMatch(/does not match/);
  });

  it('recreates a CA whose key is corrupt, and the server certificate with it', async () => {
    const dir = await tempDir();
    const first = await ensureCerts({ dir });
    await writeFile(first.caKeyPath, 'not a key');
    const repaired = await ensureCerts({ dir });
    expect(repaired).toMatchObject({ created: true, caCreated: true });
    const ca = await loadCert(repaired.caCertPath);
    expect((await loadCert(repaired.certPath)).checkIssued(ca)).toBe(true);
  });

  it('rejects a name that is neither a host name nor an IP before writing anything', async () => {
    const dir = await tempDir();
    await expect(ensureCerts({ dir: join(dir, 'out'), extraNames: ['bad\nDNS.9 = evil.example'] })).rejects.toThrow(/invalid certificate name/);
    await expect(stat(join(dir, 'out'))).rejects.toThrow(/ENOENT/);
  });

  it('reports a usable certificate through inspectServerCert', async () => {
    const dir = await tempDir();
    const result = await ensureCerts({ dir, extraNames: ['::2'] });
    const ca = await loadCert(result.caCertPath);
    const state = await inspectServerCert(
      { certPath: result.certPath, keyPath: result.keyPath },
      ca,
      requiredNames(lanIPv4Addresses(), ['0:0:0:0:0:0:0:2']),
      new Date(),
    );
    expect(state.usable).toBe(true);
    expect(namesInCertificate(await loadCert(result.certPath))).toContainEqual({ kind: 'IP', value: '::2' });
  });
});
