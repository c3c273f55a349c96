/** Keys every JSON log line carries; the rest are the caller's fields. */
const coreKeys = new Set(['time', 'level', 'pid', 'hostname', 'component', 'msg']);

/**
 * One JSON log line as people read it: "time level [component] message {fields}", the format
 * dronecast had before pino (tests and people grep it). Anything that is not a JSON log line (a
 * process's own stderr text) passes through unchanged.
 */
export function readableLogLine(line: string): string {
  const trimmed = line.trimEnd();
  if (!trimmed.startsWith('{')) return line;
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(trimmed) as Record<string, unknown>;
  } catch {
    return line;
  }
  if (typeof record.msg !== 'string' || typeof record.level !== 'string') return line;
  const fields = Object.fromEntries(Object.entries(record).filter(([key]) => !coreKeys.has(key)));
  const extra = Object.keys(fields).length ? ` ${JSON.stringify(fields)}` : '';
  const component = typeof record.component === 'string' ? ` [${record.component}]` : '';
  return `${String(record.time)} ${record.level.padEnd(5)}${component} ${record.msg}${extra}\n`;
}

/** A whole log file (JSON lines, maybe mixed with plain text) made readable. */
export function readableLog(text: string): string {
  return text
    .split('\n')
    .map((line) => readableLogLine(line).replace(/\n$/, ''))
    .join('\n');
}
