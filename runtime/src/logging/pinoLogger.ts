import pino from 'pino';
import type { Logger } from '@dronecast/protocol';
import { readableLogLine } from './readableLogLine.ts';
import type { LogSettings } from './logSettings.ts';

/** Keys pino writes itself: a caller's field of the same name is renamed rather than duplicated. */
const reserved = new Set(['time', 'level', 'pid', 'hostname', 'component', 'msg']);

function safeFields(fields: Record<string, unknown>): Record<string, unknown> {
  if (!Object.keys(fields).some((key) => reserved.has(key))) return fields;
  return Object.fromEntries(Object.entries(fields).map(([key, value]) => [reserved.has(key) ? `${key}_` : key, value]));
}

/**
 * The process's root pino logger: JSON lines (or readable ones) handed to `write` synchronously,
 * so the last lines before process.exit are not lost.
 */
export function createPinoRoot(settings: LogSettings, write: (text: string) => void, pid?: number): pino.Logger {
  const format = settings.format === 'json' ? (line: string) => line : readableLogLine;
  return pino(
    {
      level: settings.level,
      base: pid === undefined ? {} : { pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    { write: (line: string) => write(format(line)) },
  );
}

/** A dronecast Logger for one component on a pino root; children are siblings with a longer name, not nested bindings. */
export function pinoComponentLogger(root: pino.Logger, component: string): Logger {
  const log = root.child({ component });
  const at =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (message: string, fields?: Record<string, unknown>): void => {
      if (fields && Object.keys(fields).length) log[level](safeFields(fields), message);
      else log[level](message);
    };
  return {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: (sub) => pinoComponentLogger(root, `${component}/${sub}`),
  };
}
