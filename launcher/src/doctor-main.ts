import { createLogger, runCli } from '@dronecast/runtime';
import { formatChecks, isProblem } from './doctor/Check.ts';
import { doctorChecks } from './doctor/doctorChecks.ts';
import { parseLauncherConfig } from './LauncherConfig.ts';

/** `npm run doctor [-- <npm start flags>]`: every external part, a line each; exits 1 when one is missing. */
async function main(): Promise<void> {
  const config = parseLauncherConfig(process.argv.slice(2));
  if (config.help) {
    process.stdout.write('Usage: npm run doctor -- [the flags of npm start]\n  Checks the programs, the mediasoup worker, the pose model, the certificates and the ports npm start (with these flags) and npm test use.\n');
    return;
  }
  const checks = await doctorChecks(config, 'doctor');
  const problems = checks.filter(isProblem);
  process.stdout.write(`${formatChecks(checks)}\n\n`);
  process.stdout.write(problems.length === 0 ? 'all OK\n' : `${problems.length} missing: ${problems.map((c) => c.name).join(', ')}\n`);
  if (problems.length > 0) process.exitCode = 1;
}

const logger = createLogger('doctor');
runCli('npm run doctor', main, (message) => logger.error(message));
