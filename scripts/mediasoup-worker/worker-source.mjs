import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { InstallError } from './build-log.mjs';

const SUBPROJECT_TEMPLATES = fileURLToPath(new URL('./subprojects/', import.meta.url));

// Wraps the Linux build never reads: wingetopt is Windows-only.
const UNUSED_SUBPROJECTS = new Set(['wingetopt']);

const SOURCE_PATCHES = [
  {
    file: 'meson.build',
    why: "Debian 12 ships meson 1.0.1; the worker's build uses nothing newer",
    find: /meson_version\s*:\s*'>=\s*[0-9.]+'/,
    replace: "meson_version: '>= 1.0.0'",
  },
  {
    // BIO_CB_RETURN is a flag OR-ed into the operation, so == never matches
    // and the callback answers 1 to OpenSSL's "is kTLS on?" query. An OpenSSL
    // built with kTLS (Debian's) then skips allocating its write buffer and
    // crashes in do_dtls1_write on the first DTLS handshake.
    file: 'src/RTC/DtlsTransport.cpp',
    why: 'DTLS crash with kTLS-enabled OpenSSL',
    find: '(operationType == BIO_CB_RETURN)',
    replace: '((operationType & BIO_CB_RETURN) != 0)',
  },
];

/**
 * Copies mediasoup's worker sources into `destination` (node_modules stays
 * untouched), applies SOURCE_PATCHES and puts the Debian-backed subproject
 * stand-ins where meson would unpack the downloads.
 */
export function prepareWorkerSource(workerSourceDir, destination, mediasoupVersion) {
  const builtOutput = join(workerSourceDir, 'out');
  cpSync(workerSourceDir, destination, { recursive: true, filter: (path) => path !== builtOutput });

  for (const patch of SOURCE_PATCHES) applyPatch(destination, patch, mediasoupVersion);
  overlaySubprojects(join(destination, 'subprojects'), mediasoupVersion);
}

// A patch whose pattern is gone fails the install: a new mediasoup must be looked at, not silently built unpatched.
function applyPatch(root, { file, why, find, replace }, mediasoupVersion) {
  const path = join(root, file);
  const source = readFileSync(path, 'utf8');
  const found = typeof find === 'string' ? source.includes(find) : find.test(source);
  if (!found) {
    throw new InstallError(
      `the patch for "${why}" no longer applies to ${file} in mediasoup ${mediasoupVersion} ` +
        `(expected ${find}). Check whether mediasoup changed or fixed this, then update scripts/mediasoup-worker/worker-source.mjs`,
    );
  }
  writeFileSync(path, typeof find === 'string' ? source.replaceAll(find, replace) : source.replace(find, replace));
}

function overlaySubprojects(subprojectsDir, mediasoupVersion) {
  for (const wrapFile of readdirSync(subprojectsDir).filter((name) => name.endsWith('.wrap'))) {
    const name = wrapFile.slice(0, -'.wrap'.length);
    if (UNUSED_SUBPROJECTS.has(name)) continue;

    const template = join(SUBPROJECT_TEMPLATES, name);
    if (!existsSync(template)) {
      throw new InstallError(
        `mediasoup ${mediasoupVersion} uses a subproject "${name}" that has no Debian stand-in; ` +
          `add scripts/mediasoup-worker/subprojects/${name}/`,
      );
    }
    const directory = readFileSync(join(subprojectsDir, wrapFile), 'utf8').match(/^directory\s*=\s*(\S+)\s*$/m)?.[1];
    if (!directory) throw new InstallError(`${wrapFile} in mediasoup ${mediasoupVersion} has no "directory =" line`);

    cpSync(template, join(subprojectsDir, directory), { recursive: true });
  }
}
