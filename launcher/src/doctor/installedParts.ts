import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { checkWorkerStarts } from '../../../scripts/mediasoup-worker/binary-cache.mjs';
import { PINNED_PACKAGES } from '../../../scripts/pose-model/pinned-files.mjs';
import { repoRoot } from '../Stack.ts';
import type { CheckResult } from './Check.ts';

/** The binary mediasoup will run: MEDIASOUP_WORKER_BIN, else the one npm install put in its package. */
export function mediasoupWorkerPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.MEDIASOUP_WORKER_BIN || path.join(repoRoot, 'node_modules/mediasoup/worker/out/Release/mediasoup-worker');
}

/** Whether the worker starts, checked as the install step checks it. */
export function checkMediasoupWorker(env: NodeJS.ProcessEnv = process.env): CheckResult {
  const binary = mediasoupWorkerPath(env);
  const name = 'mediasoup worker';
  if (!fs.existsSync(binary)) return { name, status: 'missing', detail: `${binary} does not exist; run npm install (it builds the worker once per machine)`, impact: 'no video, no SFU', blocksStart: true };
  const started = checkWorkerStarts(binary);
  if (started.ok) return { name, status: 'ok', detail: binary };
  const why = started.detail.split('\n')[0];
  return { name, status: 'missing', detail: `${binary} does not start (${why}); run npm install again to rebuild it`, impact: 'no video, no SFU', blocksStart: true };
}

/** The pinned MediaPipe model, by size and sha256 (a torn or swapped file counts as missing). */
export function checkPoseModel(): CheckResult {
  const name = 'pose model';
  const pinned = PINNED_PACKAGES.flatMap((p) => p.files).find((f) => f.target.endsWith('.task'));
  if (!pinned) return { name, status: 'missing', detail: 'scripts/pose-model/pinned-files.mjs pins no .task model' };
  const file = path.join(repoRoot, pinned.target);
  const impact = 'the pose worker cannot run: no processed phone video, no pose control';
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch {
    return { name, status: 'missing', detail: `${pinned.target} is missing; run npm install`, impact, blocksStart: true };
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  if (bytes.length !== pinned.size || sha256 !== pinned.sha256) {
    return { name, status: 'missing', detail: `${pinned.target} is not the pinned file (sha256 ${sha256.slice(0, 12)}…); run npm install to replace it`, impact, blocksStart: true };
  }
  return { name, status: 'ok', detail: `${pinned.target} (sha256 ${sha256.slice(0, 12)}…)` };
}
