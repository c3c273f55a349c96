import * as mediasoup from 'mediasoup';
import type { Logger } from '@dronecast/protocol';
import { healthReport } from './healthReport.ts';
import { MediasoupInventory } from './MediasoupInventory.ts';
import { operationsRoutes } from './operationsRoutes.ts';
import { SfuMetrics } from './SfuMetrics.ts';
import type { SfuState } from './SfuState.ts';

export interface SfuOperationsOptions {
  metricsToken?: string;
  /** The SFU's token issuer: verify() throws for a token it did not issue. */
  tokens: { verify(token: unknown): { role: string } };
  logger: Logger;
}

/**
 * /healthz and /metrics for the SFU. Made before the first mediasoup worker starts (so its
 * inventory sees every worker); the rest of the SFU's state is attached once it runs.
 */
export class SfuOperations {
  readonly inventory = new MediasoupInventory(mediasoup.observer);
  private readonly startedAt = performance.now();
  private state: SfuState | undefined;
  private metrics: SfuMetrics | undefined;
  /** Set when graceful shutdown begins: /healthz answers 503 "stopping" from then on. */
  stopping = false;

  constructor(private readonly options: SfuOperationsOptions) {}

  routes(): ReturnType<typeof operationsRoutes> {
    const { metricsToken, tokens, logger } = this.options;
    return operationsRoutes({
      metricsToken,
      logger,
      isConsoleToken: (token) => {
        try {
          return tokens.verify(token).role === 'console';
        } catch {
          return false;
        }
      },
      health: () => (this.state ? healthReport(this.inventory, this.state, (performance.now() - this.startedAt) / 1000) : undefined),
      scrape: () => this.metrics?.scrape(),
    });
  }

  attach(state: SfuState): void {
    this.state = state;
    this.metrics = new SfuMetrics(this.inventory, state);
  }
}
