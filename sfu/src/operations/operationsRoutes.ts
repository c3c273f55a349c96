import express from 'express';
import type { Logger } from '@dronecast/protocol';
import type { HealthReport } from './healthReport.ts';
import { metricsAccessDenial, type MetricsAccessOptions } from './metricsAccess.ts';
import type { ScrapeResult } from './SfuMetrics.ts';

export interface OperationsRoutesOptions extends MetricsAccessOptions {
  /** Undefined until the SFU has started its workers. */
  health(): { httpStatus: number; body: HealthReport } | undefined;
  scrape(): Promise<ScrapeResult> | undefined;
  logger: Logger;
}

/** GET /healthz (open: it says only whether the SFU works) and GET /metrics (Prometheus text; see metricsAccess). */
export function operationsRoutes(options: OperationsRoutesOptions): { '/healthz': express.Router; '/metrics': express.Router } {
  const health = express.Router();
  health.get('/', (_req, res) => {
    const report = options.health();
    res.setHeader('Cache-Control', 'no-store');
    if (!report) return void res.status(503).json({ status: 'starting' });
    res.status(report.httpStatus).json(report.body);
  });

  const metrics = express.Router();
  metrics.get('/', (req, res) => {
    const denial = metricsAccessDenial(req.socket.remoteAddress, req.headers.authorization, options);
    if (denial) return void res.status(401).type('text/plain').send(`${denial}\n`);
    const scraping = options.scrape();
    if (!scraping) return void res.status(503).type('text/plain').send('the SFU is starting\n');
    scraping.then(
      (result) => {
        options.logger.debug('metrics scraped', { ms: Math.round(result.durationMs) });
        res.setHeader('Cache-Control', 'no-store');
        res.type(result.contentType).send(result.text);
      },
      (error: Error) => {
        options.logger.warn('metrics scrape failed', { error: error.message });
        res.status(500).type('text/plain').send(`metrics failed: ${error.message}\n`);
      },
    );
  });
  return { '/healthz': health, '/metrics': metrics };
}
