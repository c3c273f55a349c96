import type { AvailableTransports, ConnectedPeer, ServerEventName } from '@dronecast/protocol';
import { createLogger } from '@dronecast/runtime';
import type { DroneBroadcast, ToDroneOptions } from '../drone/DroneBroadcast.ts';
import { Drones, type DronesOptions } from '../drone/Drones.ts';
import { WorkerPool } from '../media/WorkerPool.ts';

/** One message a drone sent, and to whom. */
export interface SentMessage {
  to: 'drone' | 'peer' | 'localRoles' | 'role';
  event: ServerEventName;
  payload: unknown;
  target?: string | readonly string[] | undefined;
  options?: ToDroneOptions | undefined;
}

/** A broadcast port that keeps what it was given, for tests of what a drone tells its clients. */
export function recordingBroadcast(peers: ConnectedPeer[] = []): DroneBroadcast & { sent: SentMessage[] } {
  const sent: SentMessage[] = [];
  return {
    sent,
    toDrone: (event, payload, options) => void sent.push({ to: 'drone', event, payload, options }),
    toPeer: (peerId, event, payload) => void sent.push({ to: 'peer', event, payload, target: peerId }),
    toLocalRoles: (roles, _except, event, payload) => void sent.push({ to: 'localRoles', event, payload, target: roles }),
    toRole: (role, event, payload) => void sent.push({ to: 'role', event, payload, target: role }),
    peers: () => Promise.resolve(peers),
  };
}

/** Drones whose routers are never made (no mediasoup worker): for tests of state and switches. */
export function quietDrones(
  serverTransports: AvailableTransports,
  broadcast: DroneBroadcast | ((droneId: string) => DroneBroadcast) = recordingBroadcast(),
  more: Pick<DronesOptions, 'linkDesk'> = {},
): Drones {
  const logger = createLogger('test');
  const pool = new WorkerPool({ size: 0, listenIp: '127.0.0.1', announcedAddress: '127.0.0.1', basePort: 0, logger });
  return new Drones({ pool, broadcastFor: typeof broadcast === 'function' ? broadcast : () => broadcast, serverTransports, logger, ...more });
}
