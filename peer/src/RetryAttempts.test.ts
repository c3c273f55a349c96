import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RecordingLogger } from './testing/RecordingLogger.ts';
import { RetryAttempts } from './RetryAttempts.ts';

describe('RetryAttempts', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('makes older attempts stale when a new one begins', () => {
    const attempts = new RetryAttempts({ connected: true }, new RecordingLogger(), 1000);
    const first = attempts.begin();
    const second = attempts.begin();
    expect(attempts.isCurrent(first)).toBe(false);
    expect(attempts.isCurrent(second)).toBe(true);
    expect(attempts.latest).toBe(second);
  });

  it('tries again after the pause, only if nothing newer began and the link is up', () => {
    const link = { connected: true };
    const logger = new RecordingLogger();
    const attempts = new RetryAttempts(link, logger, 1000);
    const again = vi.fn();
    attempts.retryLater('it failed', again);
    vi.advanceTimersByTime(999);
    expect(again).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(again).toHaveBeenCalledTimes(1);
    expect(logger.lines.map((l) => l.message)).toContain('it failed; retrying in 1 s');

    attempts.retryLater('again', again);
    attempts.begin();
    vi.advanceTimersByTime(1000);
    expect(again).toHaveBeenCalledTimes(1);

    attempts.retryLater('link down', again);
    link.connected = false;
    vi.advanceTimersByTime(1000);
    expect(again).toHaveBeenCalledTimes(1);
  });
});
