import type { MediasoupInventory } from './MediasoupInventory.ts';
import type { SfuState } from './SfuState.ts';

export interface HealthReport {
  /** ok; degraded: some workers are down (being replaced); unavailable: no worker (503); stopping: shutting down (503). */
  status: 'ok' | 'degraded' | 'unavailable' | 'stopping';
  workers: { configured: number; alive: number };
  uptimeSeconds: number;
  droneAgentsOnline: number;
}

/** /healthz: can this SFU carry media right now? A load balancer reads the HTTP status, people the JSON. */
export function healthReport(inventory: MediasoupInventory, state: SfuState, uptimeSeconds: number): { httpStatus: number; body: HealthReport } {
  const alive = [...inventory.workers].filter((w) => !w.closed).length;
  const status = state.stopping() ? 'stopping' : alive === 0 ? 'unavailable' : alive < state.configuredWorkers ? 'degraded' : 'ok';
  return {
    httpStatus: status === 'ok' || status === 'degraded' ? 200 : 503,
    body: {
      status,
      workers: { configured: state.configuredWorkers, alive },
      uptimeSeconds: Math.round(uptimeSeconds),
      droneAgentsOnline: state.droneAgentsOnline(),
    },
  };
}
