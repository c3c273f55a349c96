import { spawnSync } from 'node:child_process';

import { InstallError } from './build-log.mjs';

// The compiler, build tools and the Debian libraries that stand in for
// mediasoup's downloaded subprojects (see subprojects/).
export const BUILD_PACKAGES = [
  'meson',
  'ninja-build',
  'pkg-config',
  'g++',
  'libuv1-dev',
  'libssl-dev',
  'libsrtp2-dev',
  'libabsl-dev',
  'libflatbuffers-dev',
  'flatbuffers-compiler',
  'libusrsctp-dev',
];

const aptInstall = (packages) => `apt-get install -y --no-install-recommends ${packages.join(' ')}`;

/** Installs missing build packages when it can (root on Debian); otherwise says exactly what to run. */
export async function ensureBuildPackages(log) {
  if (!hasCommand('dpkg-query') || !hasCommand('apt-get')) {
    throw new InstallError(
      'building the mediasoup worker needs Debian packages, and this system has no dpkg-query/apt-get.\n' +
        `  On Debian or Ubuntu: sudo ${aptInstall(BUILD_PACKAGES)}\n` +
        '  Elsewhere: install the same libraries, or build the worker and set MEDIASOUP_WORKER_BIN=<path>.',
    );
  }

  const missing = missingPackages();
  if (missing.length === 0) {
    log.line('all build packages are installed');
    return;
  }
  log.line(`missing Debian packages: ${missing.join(' ')}`);

  if (process.getuid?.() !== 0) {
    throw new InstallError(
      `missing Debian packages: ${missing.join(' ')}. Install them, then run npm install again:\n` +
        `  sudo ${aptInstall(missing)}`,
    );
  }

  const options = { env: { DEBIAN_FRONTEND: 'noninteractive' } };
  // Wait for a concurrent apt/dpkg run rather than failing on its lock.
  const install = ['-o', 'DPkg::Lock::Timeout=300', 'install', '-y', '--no-install-recommends', ...missing];
  try {
    await log.run('apt-get', install, { ...options, what: 'apt-get install' });
  } catch {
    log.line('apt-get install failed; refreshing package lists (apt-get update) and retrying');
    await log.run('apt-get', ['-o', 'DPkg::Lock::Timeout=300', 'update'], { ...options, what: 'apt-get update' });
    await log.run('apt-get', install, { ...options, what: 'apt-get install' });
  }

  const stillMissing = missingPackages();
  if (stillMissing.length > 0) {
    throw new InstallError(`apt-get finished but these packages are still not installed: ${stillMissing.join(' ')}`);
  }
}

function missingPackages() {
  // Exits non-zero when some names are unknown; the installed ones are still listed.
  const { stdout } = spawnSync('dpkg-query', ['-W', '-f=${Package} ${db:Status-Status}\n', ...BUILD_PACKAGES], {
    encoding: 'utf8',
  });
  const installed = new Set(
    stdout
      .split('\n')
      .filter((line) => line.endsWith(' installed'))
      .map((line) => line.split(' ')[0]),
  );
  return BUILD_PACKAGES.filter((name) => !installed.has(name));
}

function hasCommand(name) {
  return !spawnSync(name, ['--version'], { stdio: 'ignore' }).error;
}
