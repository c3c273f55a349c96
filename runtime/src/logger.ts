import type pino from 'pino';
import type { Logger } from '@dronecast/protocol';
import { logSettingsFrom } from './logging/logSettings.ts';
import { createPinoRoot, pinoComponentLogger } from './logging/pinoLogger.ts';

export { logLevels, type LogLevel, type LogFormat } from './logging/logSettings.ts';
export { readableLog, readableLogLine } from './logging/readableLogLine.ts';

/** Made on the first createLogger call, so DRONECAST_LOG set by a test or a launcher before it counts. */
let root: pino.Logger | undefined;

/**
 * The one logger: pino, on stderr (stdout is kept for what the user asked for: URLs, results),
 * JSON lines unless stderr is a terminal or DRONECAST_LOG_FORMAT says otherwise;
 * DRONECAST_LOG=debug|info|warn|error.
 */
export function createLogger(component: string): Logger {
  root ??= createPinoRoot(logSettingsFrom(process.env, process.stderr.isTTY === true), (text) => process.stderr.write(text), process.pid);
  return pinoComponentLogger(root, component);
}
