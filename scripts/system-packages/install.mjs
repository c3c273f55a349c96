// Root postinstall, first step: the Debian packages dronecast runs and tests with (packages.json,
// groups "run" and "test"). The mediasoup worker step installs the "build" group itself, and only
// when it has to build. DRONECAST_SYSTEM_PACKAGES=skip leaves the system alone (npm run doctor
// then says what is missing).
import { BuildLog, InstallError } from '../mediasoup-worker/build-log.mjs';
import { ensurePackages } from './apt.mjs';
import { packagesIn } from './packages.mjs';

const PREFIX = '[system-packages]';

process.on('SIGINT', () => process.exit(130));
process.on('SIGTERM', () => process.exit(143));

const log = new BuildLog(undefined, PREFIX);
if (process.env.DRONECAST_SYSTEM_PACKAGES === 'skip') {
  log.line('DRONECAST_SYSTEM_PACKAGES=skip: not checking Debian packages (npm run doctor checks what dronecast needs)');
} else {
  try {
    await ensurePackages(
      packagesIn(['run', 'test']),
      log,
      'running and testing dronecast',
      'install the same programs, then run npm install with DRONECAST_SYSTEM_PACKAGES=skip; npm run doctor checks them.',
    );
  } catch (error) {
    const reason = error instanceof InstallError ? error.message : `unexpected error: ${error.stack ?? error}`;
    console.error(`${PREFIX} FAILED: ${reason}`);
    process.exit(1);
  }
}
