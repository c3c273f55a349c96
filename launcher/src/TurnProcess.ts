import path from 'node:path';
import { turnReadySchema, type Logger, type TurnReady } from '@dronecast/protocol';
import { ManagedProcess } from './ManagedProcess.ts';

export interface TurnOptions {
  /** UDP+TCP port coturn listens on (3478 is the standard one). */
  port: number;
  listenIp: string;
  /** Host put in the TURN URLs clients get (default: the first LAN IPv4, as the SFU's). */
  publicHost?: string | undefined;
  /** UDP relay port range. */
  minPort?: number;
  maxPort?: number;
  /** Only for a stack on one machine: coturn refuses to relay to 127.0.0.1 otherwise. */
  allowLoopbackPeers?: boolean;
}

interface TurnProcessSetup {
  repoRoot: string;
  stateDir: string;
  restart: boolean;
  logFile: string | undefined;
  logger: Logger;
}

/** Starts `npm run turn` (turn/src/main.ts) as a managed child and waits until coturn answers. */
export async function startTurnProcess(options: TurnOptions, setup: TurnProcessSetup): Promise<{ process: ManagedProcess; ready: TurnReady }> {
  const args = [
    '--listen-ip', options.listenIp,
    '--port', String(options.port),
    ...(options.publicHost === undefined ? [] : ['--public-host', options.publicHost]),
    '--state-dir', setup.stateDir,
    ...(options.minPort === undefined ? [] : ['--min-port', String(options.minPort)]),
    ...(options.maxPort === undefined ? [] : ['--max-port', String(options.maxPort)]),
    ...(options.allowLoopbackPeers ? ['--allow-loopback-peers'] : []),
  ];
  const turn = new ManagedProcess({
    name: 'turn',
    script: path.join(setup.repoRoot, 'turn/src/main.ts'),
    args,
    cwd: setup.repoRoot,
    restart: setup.restart,
    logFile: setup.logFile,
    logger: setup.logger,
  });
  const ready = new Promise<TurnReady>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('coturn did not start within 30 s (see turn.log)')), 30_000);
    turn.on('message', (message) => {
      const parsed = turnReadySchema.safeParse(message);
      if (!parsed.success) return;
      clearTimeout(timer);
      resolve(parsed.data);
    });
    turn.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the TURN launcher exited with code ${code} before coturn was ready (see its message above or turn.log)`));
    });
  });
  turn.start();
  try {
    return { process: turn, ready: await ready };
  } catch (error) {
    await turn.stop();
    throw error;
  }
}

/** The SFU flags that hand out credentials for this coturn. */
export function sfuTurnArgs(ready: TurnReady): string[] {
  return ['--turn-url', ready.urls.join(','), '--turn-secret-file', ready.secretFile];
}
