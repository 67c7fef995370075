import { Inject, Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { RUN_STATES, SWEEP_STATES } from '@morphsweep/contracts';
import type { Db } from '@morphsweep/db';
import { DB } from '../database/database.module';
import { registerTrainingThroughput } from './training-throughput.metrics';

/**
 * The API's Prometheus metrics, in a registry of its own (not prom-client's global one, so
 * several apps in one process — tests — never clash): process metrics, HTTP requests, and
 * sweeps and runs by state (every state present, 0 when none), and training throughput
 * (see {@link registerTrainingThroughput}), read from the database at scrape time (left
 * empty, not failing the scrape, while the database is unreachable).
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();
  readonly httpRequests = new Counter({
    name: 'morphsweep_http_requests_total',
    help: 'HTTP requests answered, by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });
  readonly httpDuration = new Histogram({
    name: 'morphsweep_http_request_duration_seconds',
    help: 'HTTP request duration',
    labelNames: ['method', 'route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  constructor(@Inject(DB) db: Db) {
    collectDefaultMetrics({ register: this.registry, prefix: 'morphsweep_api_' });
    // Declared apart so Prisma's groupBy infers its own result type.
    const sweepsByStatus = () => db.sweep.groupBy({ by: ['status'], _count: { _all: true } });
    const runsByStatus = () => db.run.groupBy({ by: ['status'], _count: { _all: true } });
    this.statusGauge('morphsweep_sweeps', 'Sweeps by status', SWEEP_STATES, sweepsByStatus);
    this.statusGauge('morphsweep_runs', 'Runs (grid cells) by status', RUN_STATES, runsByStatus);
    registerTrainingThroughput(this.registry, db);
  }

  /** Records one answered request; `route` is the matched route pattern (low cardinality). */
  observe(method: string, route: string, status: number, seconds: number): void {
    this.httpRequests.inc({ method, route, status: String(status) });
    this.httpDuration.observe({ method, route }, seconds);
  }

  /** A gauge of rows by status, every state present (0 when none), read at scrape time. */
  private statusGauge(
    name: string,
    help: string,
    states: readonly string[],
    count: () => Promise<Array<{ status: string; _count: { _all: number } }>>,
  ): void {
    new Gauge({
      name,
      help,
      labelNames: ['status'] as const,
      registers: [this.registry],
      async collect() {
        this.reset();
        const groups = await count().catch(() => undefined);
        if (!groups) return;
        for (const status of states) this.set({ status }, 0);
        for (const g of groups) this.set({ status: g.status }, g._count._all);
      },
    });
  }
}
