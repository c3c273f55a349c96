export const logLevels = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof logLevels)[number];
export type LogFormat = 'json' | 'pretty';

export interface LogSettings {
  level: LogLevel;
  format: LogFormat;
}

/**
 * DRONECAST_LOG=debug|info|warn|error (default info); DRONECAST_LOG_FORMAT=json|pretty, by default
 * JSON lines unless stderr is a terminal (a log collector gets JSON, a person reads lines).
 */
export function logSettingsFrom(env: Record<string, string | undefined>, stderrIsTty: boolean): LogSettings {
  const wanted = env.DRONECAST_LOG?.trim().toLowerCase();
  const level = logLevels.find((l) => l === wanted) ?? 'info';
  const format = env.DRONECAST_LOG_FORMAT?.trim().toLowerCase();
  return { level, format: format === 'json' || format === 'pretty' ? format : stderrIsTty ? 'pretty' : 'json' };
}
