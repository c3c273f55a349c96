import fs from 'node:fs';
import { createLogger, runCli, UsageError } from '@dronecast/runtime';
import { SignalingLink } from '@dronecast/peer';
import { parseProcessingConfig } from './config/ProcessingConfig.ts';
import { PoseWorker } from './worker/PoseWorker.ts';

const logger = createLogger('processing');

async function main(): Promise<void> {
  const config = parseProcessingConfig(process.argv.slice(2));
  if (!fs.existsSync(config.caCertPath)) throw new UsageError(`CA certificate ${config.caCertPath} not found (npm run certs makes it)`);
  const link = new SignalingLink({
    url: config.sfuUrl,
    token: config.token,
    ca: fs.readFileSync(config.caCertPath, 'utf8'),
    logger: logger.child('sfu'),
    tokenName: 'processing token',
  });
  const worker = new PoseWorker({ link, maxBitrateKbps: config.maxBitrateKbps, logger });
  worker.start();
  link.connect();

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info(`stopping (${signal})`);
    // wrtc objects must be closed before exit (a natural exit with live ones can segfault).
    void worker.stop().finally(() => {
      link.close();
      setTimeout(() => process.exit(0), 100);
    });
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('disconnect', () => stop('launcher gone'));
}

runCli('dronecast-processing', main, (message) => logger.error(message));
