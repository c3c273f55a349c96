import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { CheckResult } from './Check.ts';
import { aptInstallLine, type SystemPackage } from './systemPackages.ts';

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

/** ffmpeg records with libx264: a build without it runs but cannot record. */
export function checkH264Encoder(ffmpeg: string | undefined): CheckResult | undefined {
  if (!ffmpeg) return undefined;
  const result = spawnSync(ffmpeg, ['-hide_banner', '-encoders'], { encoding: 'utf8', timeout: 10_000 });
  if (result.status === 0 && /\blibx264\b/.test(result.stdout)) return { name: 'H.264 encoder', status: 'ok', detail: 'libx264 in ffmpeg' };
  return {
    name: 'H.264 encoder',
    status: 'missing',
    detail: `${ffmpeg} has no libx264 encoder; install Debian's ffmpeg: ${aptInstallLine(['ffmpeg'])}`,
    impact: 'recording is unavailable',
  };
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
