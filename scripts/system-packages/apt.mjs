import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

import { InstallError } from '../mediasoup-worker/build-log.mjs';

/** The line a user without root runs. */
export const aptInstallLine = (names) => `sudo apt-get install -y --no-install-recommends ${names.join(' ')}`;

/**
 * Installs the missing packages when it can (root on Debian), streaming apt-get's progress to
 * `log`; otherwise throws an InstallError that gives the exact line to run.
 * Services that a new package starts and dronecast does not want running (a mosquitto on 1883
 * would take the embedded broker's port) are stopped and disabled; existing ones are left alone.
 *
 * @param {import('./packages.mjs').SystemPackage[]} packages
 * @param {{ line(text: string): void, run(command: string, args: string[], options?: object): Promise<void> }} log
 * @param {string} purpose what they are needed for, in the messages
 * @param {string} elsewhere what to do on a system without apt-get
 */
export async function ensurePackages(packages, log, purpose, elsewhere) {
  const names = packages.map((p) => p.name);
  if (!hasCommand('dpkg-query') || !hasCommand('apt-get')) {
    throw new InstallError(
      `${purpose} needs Debian packages, and this system has no dpkg-query/apt-get.\n` +
        `  On Debian or Ubuntu: ${aptInstallLine(names)}\n` +
        `  Elsewhere: ${elsewhere}`,
    );
  }
  const missing = missingPackages(names);
  if (missing.length === 0) {
    log.line(`all ${names.length} Debian packages for ${purpose} are installed`);
    return;
  }
  for (const name of missing) log.line(`missing: ${name} (${packages.find((p) => p.name === name)?.for})`);
  if (process.getuid?.() !== 0) {
    throw new InstallError(`missing Debian packages for ${purpose}. Install them, then run npm install again:\n  ${aptInstallLine(missing)}`);
  }

  const env = { DEBIAN_FRONTEND: 'noninteractive' };
  // Wait for a concurrent apt/dpkg run rather than failing on its lock.
  const lock = ['-o', 'DPkg::Lock::Timeout=300'];
  const install = [...lock, 'install', '-y', '--no-install-recommends', ...missing];
  try {
    await log.run('apt-get', install, { env, what: 'apt-get install' });
  } catch {
    // A fresh machine has no package lists yet.
    log.line('apt-get install failed; refreshing the package lists (apt-get update) and retrying');
    await log.run('apt-get', [...lock, 'update'], { env, what: 'apt-get update' });
    await log.run('apt-get', install, { env, what: 'apt-get install' });
  }
  const stillMissing = missingPackages(missing);
  if (stillMissing.length > 0) throw new InstallError(`apt-get finished but these packages are still not installed: ${stillMissing.join(' ')}`);

  const services = packages.filter((p) => p.service && missing.includes(p.name)).map((p) => p.service);
  if (services.length > 0 && existsSync('/run/systemd/system')) {
    log.line(`stopping and disabling the system services just installed for the tests (${services.join(', ')}); the tests start their own`);
    await log.run('systemctl', ['disable', '--now', ...services], { what: 'systemctl disable' }).catch((error) => log.line(`warning: ${error.message}`));
  }
}

/** The names not installed, in the order given. */
export function missingPackages(names) {
  // Exits non-zero when some names are unknown; the installed ones are still listed.
  const { stdout } = spawnSync('dpkg-query', ['-W', '-f=${Package} ${db:Status-Status}\n', ...names], { encoding: 'utf8' });
  const installed = new Set(
    stdout
      .split('\n')
      .filter((line) => line.endsWith(' installed'))
      .map((line) => line.split(' ')[0]),
  );
  return names.filter((name) => !installed.has(name));
}

function hasCommand(name) {
  return !spawnSync(name, ['--version'], { stdio: 'ignore' }).error;
}
