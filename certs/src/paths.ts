import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A certificate and its private key, as files. */
export interface KeyPair {
  certPath: string;
  keyPath: string;
}

export interface CertPaths {
  dir: string;
  caCertPath: string;
  caKeyPath: string;
  certPath: string;
  keyPath: string;
}

/** `certs/out/`, found from this file rather than the working directory so every caller shares one CA. */
export function defaultCertDir(): string {
  return fileURLToPath(new URL('../out/', import.meta.url));
}

export function certPaths(dir: string): CertPaths {
  return {
    dir,
    caCertPath: join(dir, 'ca.pem'),
    caKeyPath: join(dir, 'ca-key.pem'),
    certPath: join(dir, 'cert.pem'),
    keyPath: join(dir, 'key.pem'),
  };
}
