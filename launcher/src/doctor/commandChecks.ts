import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { encoderUnavailableReason } from '@dronecast/ground/recording-tools';
import type { CheckResult } from './Check.ts';
import { aptInstallLine } from '../../../scripts/system-packages/apt.mjs';
import type { SystemPackage } from '../../../scripts/system-packages/packages.mjs';

/** Where a command runs from: the browser tests' chromium path, else the first match on PATH. */
export function locateCommand(command: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (command === 'chromium') return isExecutable(env.CHROMIUM_PATH ?? '/usr/bin/chromium') ? (env.CHROMIUM_PATH ?? '/usr/bin/chromium') : undefined;
  for (const dir of (env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, command);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

/** One line per command of each package: found (with its version where it tells one cheaply), or the apt-get line. */
export function checkCommands(packages: readonly SystemPackage[], env: NodeJS.ProcessEnv = process.env): CheckResult[] {
  return packages.flatMap((pkg) =>
    (pkg.commands ?? []).map((command): CheckResult => {
      const found = locateCommand(command, env);
      if (!found) return { name: command, status: 'missing', detail: `not found; install it: ${aptInstallLine([pkg.name])}`, impact: pkg.for };
      const version = versionOf(command, found);
      return { name: command, status: 'ok', detail: version ? `${found} (${version})` : found };
    }),
  );
}

/** Recording needs ffmpeg with libx264 and ffprobe: the ground agent's own check, so both say the same. */
export async function checkRecordingTools(env: NodeJS.ProcessEnv = process.env): Promise<CheckResult> {
  const name = 'H.264 recording';
  const ffmpegPath = locateCommand('ffmpeg', env);
  const ffprobePath = locateCommand('ffprobe', env);
  if (!ffmpegPath || !ffprobePath) return { name, status: 'missing', detail: `needs ffmpeg and ffprobe: ${aptInstallLine(['ffmpeg'])}`, impact: 'recording is unavailable' };
  const reason = await encoderUnavailableReason({ ffmpegPath, ffprobePath });
  return reason ? { name, status: 'missing', detail: reason, impact: 'recording is unavailable' } : { name, status: 'ok', detail: 'libx264 in ffmpeg, and ffprobe' };
}

const versionArgs: Record<string, string[]> = { ffmpeg: ['-version'], ffprobe: ['-version'], openssl: ['version'], chromium: ['--version'], 'redis-server': ['--version'] };

function versionOf(command: string, file: string): string | undefined {
  const args = versionArgs[command];
  if (!args) return undefined;
  const result = spawnSync(file, args, { encoding: 'utf8', timeout: 10_000 });
  const first = result.status === 0 ? result.stdout.split('\n')[0]?.trim() : undefined;
  return first ? first.slice(0, 80) : undefined;
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}
