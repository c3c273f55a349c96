import { execFile } from 'node:child_process';

/** The programs recordings need; each defaults to its name, looked up on the PATH. */
export interface RecordingTools {
  ffmpegPath?: string;
  ffprobePath?: string;
}

const installHint = 'install ffmpeg (sudo apt-get install ffmpeg)';
const timeoutMs = 10_000;

/**
 * Why recordings cannot be made on this ground station, in words for the pilot and the operator,
 * or null when they can: ffmpeg must run and have the libx264 encoder the Recorder uses, and
 * ffprobe, which finishes every recording, must run. Checked once at start, so Record is shown as
 * unavailable with this reason before anyone taps it, instead of failing at the tap.
 */
export async function encoderUnavailableReason(tools: RecordingTools = {}): Promise<string | null> {
  const ffmpeg = tools.ffmpegPath ?? 'ffmpeg';
  const ffprobe = tools.ffprobePath ?? 'ffprobe';
  const encoders = await run(ffmpeg, ['-hide_banner', '-encoders']);
  if (!encoders.ok) return `${describe('ffmpeg (the H.264 encoder)', ffmpeg, encoders.problem)} — ${installHint}`;
  if (!/^\s*V\S*\s+libx264\s/m.test(encoders.stdout)) return `the ground station's ffmpeg (${shorten(ffmpeg)}) has no libx264 H.264 encoder — ${installHint}`;
  const probe = await run(ffprobe, ['-hide_banner', '-version']);
  if (!probe.ok) return `${describe('ffprobe (which finishes recordings)', ffprobe, probe.problem)} — ${installHint}`;
  return null;
}

type Problem = { kind: 'missing' } | { kind: 'broken'; detail: string };

function describe(what: string, command: string, problem: Problem): string {
  const where = command.includes('/') ? `at ${shorten(command)}` : 'on its PATH';
  if (problem.kind === 'missing') return `the ground station has no ${what} ${where}`;
  return `the ground station's ${what} ${where} does not run (${problem.detail})`;
}

function run(command: string, args: string[]): Promise<{ ok: true; stdout: string } | { ok: false; problem: Problem }> {
  return new Promise((resolve) => {
    execFile(command, args, { timeout: timeoutMs, maxBuffer: 4 * 1024 * 1024, encoding: 'utf8' }, (error, stdout, stderr) => {
      if (!error) return resolve({ ok: true, stdout });
      const { code, killed, signal } = error as NodeJS.ErrnoException & { killed?: boolean; signal?: NodeJS.Signals | null };
      if (code === 'ENOENT') return resolve({ ok: false, problem: { kind: 'missing' } });
      const detail =
        code === 'EACCES' ? 'permission denied'
        : killed ? `no answer within ${timeoutMs / 1000} s`
        : typeof code === 'number' ? `exit code ${code}${firstLine(stderr)}`
        : signal ? `killed by ${signal}`
        : error.message;
      resolve({ ok: false, problem: { kind: 'broken', detail: shorten(detail) } });
    });
  });
}

const firstLine = (text: string): string => {
  const line = text.split('\n').find((l) => l.trim() !== '')?.trim();
  return line ? `: ${line}` : '';
};

/** Keeps the reason within what the wire allows (300 characters), with the install hint intact. */
const shorten = (text: string, max = 80): string => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
