import type pino from 'pino';
import { logLevels, logSettingsFrom, type LogLevel } from './logging/logSettings.ts';
import { createPinoRoot, pinoComponentLogger } from './logging/pinoLogger.ts';

export { logLevels, type LogLevel, type LogFormat } from './logging/logSettings.ts';
export { readableLog, readableLogLine } from './logging/readableLogLine.ts';

/**
 * The one logger. In Node: pino, on stderr (stdout is kept for what the user asked for: URLs,
 * results), JSON lines unless stderr is a terminal or DRONECAST_LOG_FORMAT says otherwise;
 * DRONECAST_LOG=debug|info|warn|error. In the browser: the console.
 */
export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  child(component: string): Logger;
}

interface NodeProcessLike {
  env: Record<string, string | undefined>;
  pid: number;
  stderr: { isTTY?: boolean; write(text: string): unknown };
  getBuiltinModule?(id: string): unknown;
}

/** undefined: not looked for yet; null: not in Node (the browser bundle). */
let root: pino.Logger | null | undefined;

/**
 * pino is loaded through Node's own require at run time, never by an import: protocol is also
 * bundled into the web app, and a static import would pull pino (and its Node streams) in there.
 */
function nodeRoot(): pino.Logger | null {
  if (root !== undefined) return root;
  const proc = (globalThis as { process?: NodeProcessLike }).process;
  const moduleApi = proc?.getBuiltinModule?.('node:module') as { createRequire(from: string): (id: string) => unknown } | undefined;
  if (!proc || !moduleApi) return (root = null);
  const pinoFactory = moduleApi.createRequire(import.meta.url)('pino') as typeof pino;
  root = createPinoRoot(pinoFactory, logSettingsFrom(proc.env, proc.stderr.isTTY === true), (text) => proc.stderr.write(text), proc.pid);
  return root;
}

function consoleLogger(component: string): Logger {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env ?? {};
  const min = logLevels.indexOf(logSettingsFrom(env, true).level);
  const write = (level: LogLevel, message: string, fields?: Record<string, unknown>): void => {
    if (logLevels.indexOf(level) < min) return;
    const extra = fields && Object.keys(fields).length ? ` ${JSON.stringify(fields)}` : '';
    console.error(`${new Date().toISOString()} ${level.padEnd(5)} [${component}] ${message}${extra}`);
  };
  return {
    debug: (m, f) => write('debug', m, f),
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
    child: (sub) => consoleLogger(`${component}/${sub}`),
  };
}

export function createLogger(component: string): Logger {
  const pinoRoot = nodeRoot();
  return pinoRoot ? pinoComponentLogger(pinoRoot, component) : consoleLogger(component);
}
