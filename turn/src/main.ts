import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TurnReady } from '@dronecast/protocol';
import { createLogger, runCli, UsageError } from '@dronecast/runtime';
import { checkPortFree } from './checkPortFree.ts';
import { CoturnProcess } from './CoturnProcess.ts';
import { ensureTurnSecret } from './ensureTurnSecret.ts';
import { renderCoturnConfig } from './renderCoturnConfig.ts';
import { parseTurnConfig, turnUrls, turnUsage } from './TurnConfig.ts';

const logger = createLogger('turn');
const templateFile = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../turnserver.conf.template');

/** `npm run turn`: writes coturn's config from the template, with the shared secret, and runs turnserver with it. */
async function main(): Promise<void> {
  const config = parseTurnConfig(process.argv.slice(2));
  if (config.help) {
    process.stdout.write(`${turnUsage}\n`);
    return;
  }
  const secret = await ensureTurnSecret(config.stateDir);
  if (secret.created) logger.info(`made a new TURN secret in ${secret.file}`);
  const configFile = path.join(config.stateDir, 'turnserver.conf');
  // The config holds the secret too: mode 600, also when the file was already there.
  await fs.writeFile(configFile, renderCoturnConfig(await fs.readFile(templateFile, 'utf8'), { ...config, secret: secret.secret }), { mode: 0o600 });
  await fs.chmod(configFile, 0o600);
  await checkPortFree(config.listenIp, config.port).catch((error: Error) => {
    throw new UsageError(error.message);
  });

  const wildcard = config.listenIp === '0.0.0.0' || config.listenIp === '::';
  const coturn = await CoturnProcess.start({
    binary: config.turnserver,
    configFile,
    probe: { host: wildcard ? '127.0.0.1' : config.listenIp, port: config.port },
    onLine: (line) => process.stdout.write(`${line}\n`),
  }).catch((error: Error) => {
    // A missing binary is fixed by installing it, not by restarting us.
    throw /not installed/.test(error.message) ? new UsageError(error.message) : error;
  });

  const ready: TurnReady = { type: 'turn:ready', urls: turnUrls(config), secretFile: secret.file, port: config.port };
  logger.info(`coturn serves ${ready.urls.join(', ')}`, { turnserverPid: coturn.pid, config: configFile });
  if (process.send) process.send(ready);
  else process.stdout.write(`TURN is up. Start the SFU with:\n  --turn-url ${ready.urls.join(',')} --turn-secret-file ${ready.secretFile}\n`);

  let stopping = false;
  const stop = (why: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info(`stopping coturn (${why})`);
    void coturn.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('disconnect', () => stop('launcher gone'));
  void coturn.exited().then((how) => {
    if (stopping) return;
    logger.error(`turnserver exited on its own (${how})`);
    process.exit(1);
  });
}

runCli('npm run turn', main, (message) => logger.error(message));
