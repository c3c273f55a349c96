import type { Logger } from '@dronecast/protocol';

type Level = 'debug' | 'info' | 'warn' | 'error';

/** A Logger that keeps every line, so a test can assert what an operator would read. */
export class RecordingLogger implements Logger {
  readonly lines: { level: Level; message: string }[] = [];
  #waiting: { level: Level; pattern: RegExp; resolve: (message: string) => void }[] = [];

  debug(message: string): void {
    this.#record('debug', message);
  }

  info(message: string): void {
    this.#record('info', message);
  }

  warn(message: string): void {
    this.#record('warn', message);
  }

  error(message: string): void {
    this.#record('error', message);
  }

  child(): Logger {
    return this;
  }

  /** Forgets the lines so far, so that line() waits for the next. */
  clear(): void {
    this.lines.splice(0);
  }

  /** The messages logged at one level. */
  at(level: Level): string[] {
    return this.lines.filter((line) => line.level === level).map((line) => line.message);
  }

  /** Resolves with the first line at `level` matching `pattern`, logged already or to come. */
  line(level: Level, pattern: RegExp): Promise<string> {
    const logged = this.at(level).find((message) => pattern.test(message));
    if (logged !== undefined) return Promise.resolve(logged);
    return new Promise((resolve) => this.#waiting.push({ level, pattern, resolve }));
  }

  #record(level: Level, message: string): void {
    this.lines.push({ level, message });
    const matched = this.#waiting.filter((w) => w.level === level && w.pattern.test(message));
    this.#waiting = this.#waiting.filter((w) => !matched.includes(w));
    for (const waiter of matched) waiter.resolve(message);
  }
}
