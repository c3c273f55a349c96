import { describe, expect, it } from 'vitest';
import { checkMediasoupWorker, checkPoseModel } from './installedParts.ts';
import { fakeBinDir } from './testBin.ts';

describe('checking what npm install built and fetched', () => {
  it('runs the mediasoup worker: exit 41 without MEDIASOUP_VERSION means it starts', () => {
    const bin = fakeBinDir({ good: { exitCode: 41 }, broken: { stdout: 'error while loading shared libraries: libuv.so.1', exitCode: 127 } });
    expect(checkMediasoupWorker({ MEDIASOUP_WORKER_BIN: `${bin}/good` })).toEqual({ name: 'mediasoup worker', status: 'ok', detail: `${bin}/good` });
    expect(checkMediasoupWorker({ MEDIASOUP_WORKER_BIN: `${bin}/broken` })).toMatchObject({ status: 'missing', blocksStart: true });
    expect(checkMediasoupWorker({ MEDIASOUP_WORKER_BIN: `${bin}/absent` })).toMatchObject({
      status: 'missing',
      detail: `${bin}/absent does not exist; run npm install (it builds the worker once per machine)`,
    });
  });

  it("finds the worker npm install built, and the pinned pose model", () => {
    expect(checkMediasoupWorker({ PATH: process.env.PATH }).status).toBe('ok');
    expect(checkPoseModel()).toMatchObject({ name: 'pose model', status: 'ok' });
  });
});
