import { describe, expect, it } from 'vitest';
import { logSettingsFrom } from './logSettings.ts';
import { createPinoRoot, pinoComponentLogger } from './pinoLogger.ts';
import { readableLog, readableLogLine } from './readableLogLine.ts';

function capture(settings = logSettingsFrom({}, false)) {
  const written: string[] = [];
  const root = createPinoRoot(settings, (text) => written.push(text), 4242);
  return { written, logger: pinoComponentLogger(root, 'sfu') };
}

describe('pino logger', () => {
  it('writes one JSON object per line with level, time, component, message and fields', () => {
    const { written, logger } = capture();
    logger.child('signaling').info('pilot joined', { peer: 'a1', transport: 'webrtc' });
    expect(written).toHaveLength(1);
    expect(written[0]?.endsWith('\n')).toBe(true);
    const record = JSON.parse(written[0] ?? '') as Record<string, unknown>;
    expect(record).toMatchObject({ level: 'info', pid: 4242, component: 'sfu/signaling', msg: 'pilot joined', peer: 'a1', transport: 'webrtc' });
    expect(Number.isNaN(Date.parse(String(record.time)))).toBe(false);
  });

  it('keeps a field named like a key of its own instead of writing it twice', () => {
    const { written, logger } = capture();
    logger.warn('odd fields', { level: 'high', msg: 'x' });
    expect(written[0]?.match(/"level"/g)).toHaveLength(1);
    expect(JSON.parse(written[0] ?? '')).toMatchObject({ level: 'warn', msg: 'odd fields', level_: 'high', msg_: 'x' });
  });

  it('drops lines below DRONECAST_LOG', () => {
    const quiet = capture(logSettingsFrom({}, false));
    quiet.logger.debug('hidden');
    expect(quiet.written).toHaveLength(0);
    const verbose = capture(logSettingsFrom({ DRONECAST_LOG: 'debug' }, false));
    verbose.logger.debug('shown');
    expect(verbose.written).toHaveLength(1);
    const errorsOnly = capture(logSettingsFrom({ DRONECAST_LOG: 'error' }, false));
    errorsOnly.logger.warn('hidden');
    errorsOnly.logger.error('shown');
    expect(errorsOnly.written).toHaveLength(1);
  });

  it('writes readable lines in the pretty format', () => {
    const { written, logger } = capture(logSettingsFrom({ DRONECAST_LOG_FORMAT: 'pretty' }, false));
    logger.child('frames').info('nobody watches: JPEG frames paused', { drone: 'drone1' });
    expect(written[0]).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z info {2}\[sfu\/frames\] nobody watches: JPEG frames paused \{"drone":"drone1"\}\n$/);
  });
});

describe('log format choice', () => {
  it('is JSON off a terminal, readable on one, and DRONECAST_LOG_FORMAT decides over both', () => {
    expect(logSettingsFrom({}, false).format).toBe('json');
    expect(logSettingsFrom({}, true).format).toBe('pretty');
    expect(logSettingsFrom({ DRONECAST_LOG_FORMAT: 'json' }, true).format).toBe('json');
    expect(logSettingsFrom({ DRONECAST_LOG_FORMAT: 'pretty' }, false).format).toBe('pretty');
  });
});

describe('readable log lines', () => {
  it('leaves text that is not a JSON log line alone', () => {
    expect(readableLogLine('dronecast-ground: bad connection "x"\n')).toBe('dronecast-ground: bad connection "x"\n');
    expect(readableLogLine('{"not":"a log line"}')).toBe('{"not":"a log line"}');
  });

  it('turns a log file of JSON lines and plain text into readable text', () => {
    const text = `{"level":"warn","time":"2026-01-01T00:00:00.000Z","pid":1,"component":"ground","msg":"link lost"}\nplain\n`;
    expect(readableLog(text)).toBe('2026-01-01T00:00:00.000Z warn  [ground] link lost\nplain\n');
  });
});
