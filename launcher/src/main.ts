import { ensureCerts, trustInstructions } from '@dronecast/certs';
import { createLogger, parseMqttBrokerChoice, runCli } from '@dronecast/runtime';
import { reportStartChecks } from './doctor/reportStartChecks.ts';
import { launcherUsage, parseLauncherConfig } from './LauncherConfig.ts';
import { printWelcome } from './printWelcome.ts';
import { Stack } from './Stack.ts';

const logger = createLogger('launcher');

async function main(): Promise<void> {
  const config = parseLauncherConfig(process.argv.slice(2));
  if (config.help) {
    process.stdout.write(`${launcherUsage}\n`);
    return;
  }
  // What this start needs from outside the project, said before anything starts.
  await reportStartChecks(config, (text) => process.stdout.write(text));
  const publicHost = config['public-host'];
  const certs = await ensureCerts({ dir: config['certs-dir'], extraNames: publicHost ? [publicHost] : [] });
  if (certs.created) logger.info(`TLS certificate issued for ${certs.names.join(', ')}`, { reason: certs.reason });

  const stack = await Stack.start({
    port: config.port,
    rtcPort: config['rtc-port'],
    publicHost,
    announcedAddress: config['announced-address'],
    workers: config.workers,
    camera: config.camera,
    drone: config.drone,
    gcs: config.gcs,
    mqtt: parseMqttBrokerChoice(config),
    maxBitrateKbps: config['max-bitrate'],
    mapTiles: config['map-tiles'],
    linkTtl: config['link-ttl'],
    consolePort: config['console-port'],
    stateDir: config['state-dir'],
    certsDir: config['certs-dir'],
    // coturn on every address; its URLs carry the same public host as the phone links.
    turn: config.turn ? { port: config['turn-port'], listenIp: '0.0.0.0', publicHost } : undefined,
    configFile: config.configFile,
    restart: true,
    logger,
  });
  const consoleUrl = config['console-port'] === 0 ? undefined : `http://127.0.0.1:${config['console-port']}/ground`;
  await printWelcome(stack.ready, certs.caCreated ? trustInstructions(certs.caCertPath, stack.ready.caUrl) : undefined, consoleUrl);

  let stopping = false;
  const stop = (signal: string, exitCode = 0): void => {
    if (stopping) return;
    stopping = true;
    logger.info(`stopping every process (${signal})`);
    stack.stop().then(
      () => process.exit(exitCode),
      () => process.exit(1),
    );
  };
  // Half a system is worse than none: a wrong flag in one process stops them all.
  const refuse = (name: string): void => stop(`the ${name} refused its configuration; see its message above`, 2);
  stack.on('configurationError', refuse);
  for (const name of stack.refusedConfiguration) refuse(name);
  process.on('SIGINT', () => stop('Ctrl-C'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

runCli('npm start', main, (message) => logger.error(message));
