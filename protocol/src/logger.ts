/** The one logger: "time level [component] message {fields}" on stderr; DRONECAST_LOG=debug|info|warn|error. */
const levels = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof levels)[number];

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  child(component: string): Logger;
}

function threshold(): number {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  const wanted = env?.DRONECAST_LOG as LogLevel | undefined;
  return Math.max(0, levels.indexOf(wanted ?? 'info'));
}

export function createLogger(component: string): Logger {
  const min = threshold();
  const write = (level: LogLevel, message: string, fields?: Record<string, unknown>): void => {
    if (levels.indexOf(level) < min) return;
    const extra = fields && Object.keys(fields).length ? ` ${JSON.stringify(fields)}` : '';
    const line = `${new Date().toISOString()} ${level.padEnd(5)} [${component}] ${message}${extra}`;
    // stderr for all levels: stdout is kept for what the user asked for (URLs, results).
    console.error(line);
  };
  return {
    debug: (m, f) => write('debug', m, f),
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
    child: (sub) => createLogger(`${component}/${sub}`),
  };
}
