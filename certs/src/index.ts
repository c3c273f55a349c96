export { checkCerts, ensureCerts, generateCerts, type CertCheck, type CertOptions, type CertResult, type EnsureCertsOptions } from './ensureCerts.ts';
export { lanIPv4Addresses } from './lanAddresses.ts';
export { InvalidNameError } from './names.ts';
export { OpensslError } from './openssl.ts';
export { certPaths, defaultCertDir, type CertPaths } from './paths.ts';
export { trustInstructions } from './trustInstructions.ts';
