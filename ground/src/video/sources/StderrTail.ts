import { redactCredentials } from './redactCredentials.ts';

/** Keeps the last lines a child process wrote to stderr: error messages quote them. */
export class StderrTail {
  private lines: string[] = [];
  private partial = '';

  constructor(
    private readonly maxLines = 15,
    private readonly maxLineLength = 500,
  ) {}

  push(chunk: Buffer | string): void {
    const parts = (this.partial + chunk.toString()).split(/\r?\n|\r/);
    this.partial = (parts.pop() ?? '').slice(-this.maxLineLength);
    for (const line of parts) if (line.trim() !== '') this.lines.push(line.slice(0, this.maxLineLength));
    if (this.lines.length > this.maxLines) this.lines.splice(0, this.lines.length - this.maxLines);
  }

  /** The kept lines, most recent last; empty when nothing was written. */
  text(): string {
    const all = this.partial.trim() === '' ? this.lines : [...this.lines, this.partial];
    return redactCredentials(all.slice(-this.maxLines).join('\n'));
  }
}
