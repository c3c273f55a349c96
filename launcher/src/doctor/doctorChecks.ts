import os from 'node:os';
import { checkCerts } from '@dronecast/certs';
import type { LauncherConfig } from '../LauncherConfig.ts';
import type { CheckResult } from './Check.ts';
import { checkCommands, checkRecordingTools } from './commandChecks.ts';
import { checkMediasoupWorker, checkPoseModel } from './installedParts.ts';
import { checkNodeRuntime } from './nodeRuntime.ts';
import { checkPorts, type PortNeed } from './portChecks.ts';
import { SYSTEM_PACKAGES } from '../../../scripts/system-packages/packages.mjs';

/**
 * `doctor`: every external part, for running and for the tests. `start`: what this `npm start`
 * needs (its ports, ffmpeg for recordings, coturn with --turn), checked before anything starts.
 */
export type DoctorScope = 'doctor' | 'start';

export async function doctorChecks(config: LauncherConfig, scope: DoctorScope, env: NodeJS.ProcessEnv = process.env): Promise<CheckResult[]> {
  const packages = SYSTEM_PACKAGES.filter((p) => {
    if (scope === 'doctor') return p.group !== 'build';
    if (p.name === 'coturn') return config.turn;
    return p.group === 'run';
  });
  const commands = checkCommands(packages, env).map((check) =>
    // Without coturn `npm start -- --turn` cannot keep its promise to mobile phones.
    check.name === 'turnserver' && scope === 'start' && check.status === 'missing' ? { ...check, blocksStart: true } : check,
  );
  const certificates = scope === 'doctor' ? [await certificateCheck(config)] : [];
  return [checkNodeRuntime(), ...commands, await checkRecordingTools(env), checkMediasoupWorker(env), checkPoseModel(), ...certificates, ...(await checkPorts(portNeeds(config, env)))];
}

/** The ports `npm start` with this configuration binds. */
export function portNeeds(config: LauncherConfig, env: NodeJS.ProcessEnv = {}): PortNeed[] {
  const needs: PortNeed[] = [{ port: config.port, protocol: 'tcp', host: '0.0.0.0', what: "the SFU's HTTPS (phones)", flag: '--port' }];
  if (config['console-port'] !== 0) needs.push({ port: config['console-port'], protocol: 'tcp', host: '127.0.0.1', what: 'the ground console', flag: '--console-port' });
  // The launcher leaves the broker's TCP port to the SFU, which reads DRONECAST_MQTT_PORT (default 1883, 0 = none).
  const mqttPort = Number(env.DRONECAST_MQTT_PORT ?? 1883);
  if (config.mqtt === undefined && !config['no-mqtt'] && Number.isInteger(mqttPort) && mqttPort > 0) {
    needs.push({ port: mqttPort, protocol: 'tcp', host: '0.0.0.0', what: 'the embedded MQTT broker', flag: 'DRONECAST_MQTT_PORT=<n> (0 = WebSocket only) or --no-mqtt' });
  }
  const workers = config.workers ?? os.availableParallelism();
  for (let i = 0; i < workers; i++) {
    for (const protocol of ['udp', 'tcp'] as const) {
      needs.push({ port: config['rtc-port'] + i, protocol, host: '0.0.0.0', what: `mediasoup worker ${i + 1}'s WebRTC`, flag: '--rtc-port or --workers' });
    }
  }
  if (config.turn) {
    for (const protocol of ['udp', 'tcp'] as const) needs.push({ port: config['turn-port'], protocol, host: '0.0.0.0', what: 'coturn', flag: '--turn-port' });
  }
  return needs;
}

async function certificateCheck(config: LauncherConfig): Promise<CheckResult> {
  const name = 'certificates';
  const publicHost = config['public-host'];
  try {
    const check = await checkCerts({ dir: config['certs-dir'], extraNames: publicHost ? [publicHost] : [] });
    if (check.usable) return { name, status: 'ok', detail: `${check.dir} covers ${check.names.join(', ')}` };
    // npm start makes or renews them itself; only a new CA asks anything of the user (trusting it on the phone).
    const made = check.reason === 'no CA existed' ? 'not made yet' : check.reason;
    return { name, status: 'note', detail: `${made}: npm start (or npm run certs) makes them in ${check.dir}` };
  } catch (error) {
    return { name, status: 'missing', detail: `cannot be read: ${(error as Error).message}` };
  }
}
