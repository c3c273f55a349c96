/**
 * MediaPipe's wasm writes glog lines ("I1124 01:29:39.012 ... gl_context.cc:408] ...") and
 * TFLite notes to stdout/stderr. Keep errors, drop the chatter, and remember the recent error
 * lines so a failure can say what MediaPipe complained about.
 */
export class MediaPipeLog {
  private readonly recent: string[] = [];

  constructor(private readonly report: (line: string) => void) {}

  /** For Emscripten's Module.print / Module.printErr. */
  readonly write = (text: string): void => {
    for (const line of text.split('\n')) {
      if (!isError(line)) continue;
      this.recent.push(line.trim());
      if (this.recent.length > 5) this.recent.shift();
      if (!knownHarmless.some((pattern) => pattern.test(line))) this.report(line.trim());
    }
  };

  /** Recent error lines, oldest first, for an error message; then forgets them. */
  takeRecentErrors(): string[] {
    return this.recent.splice(0);
  }
}

// glog severity letter + MMDD: E and F are errors; I (info) and W (warning) are chatter.
function isError(line: string): boolean {
  return /^[EF]\d{4} /.test(line) || /^(ERROR|FATAL)\b/.test(line);
}

// Logged on every start with the CPU delegate (our WebGL context has no extensions on purpose).
const knownHarmless = [/Error querying for GL extensions/];
