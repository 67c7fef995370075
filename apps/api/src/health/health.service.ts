import { Inject, Injectable } from '@nestjs/common';
import type { Connection } from '@temporalio/client';
import type { Db } from '@morphsweep/db';
import type { ArtifactStore } from '@morphsweep/storage';
import { ARTIFACT_STORE } from '../artifacts/artifacts.module';
import { DB } from '../database/database.module';
import { TEMPORAL_CONNECTION } from '../temporal/temporal.module';
import { probeTrainingBackend, type TrainingBackendHealth } from './training-backend.probe';

/** One dependency's state as `/api/health` reports it. */
export interface DependencyHealth {
  status: 'up' | 'down';
  latencyMs: number;
  error?: string;
}

export interface HealthReport {
  status: 'ok' | 'degraded';
  dependencies: {
    temporal: DependencyHealth;
    database: DependencyHealth;
    artifacts: DependencyHealth;
  };
  /** The training backend workers on this host use (informational: never makes it degraded). */
  training: TrainingBackendHealth;
}

// A dependency that has not answered in this long counts as down.
const CHECK_TIMEOUT_MS = 3_000;

/** Probes each dependency the API needs, concurrently, each with a timeout. */
@Injectable()
export class HealthService {
  constructor(
    @Inject(DB) private readonly db: Db,
    @Inject(TEMPORAL_CONNECTION) private readonly temporal: Connection,
    @Inject(ARTIFACT_STORE) private readonly artifacts: ArtifactStore,
  ) {}

  async report(): Promise<HealthReport> {
    const [temporal, database, artifacts] = await Promise.all([
      probe(async () => {
        await this.temporal.workflowService.getSystemInfo({});
      }),
      probe(async () => {
        await this.db.$queryRaw`SELECT 1`;
      }),
      probe(() => this.artifacts.check()),
    ]);
    const dependencies = { temporal, database, artifacts };
    const allUp = Object.values(dependencies).every((d) => d.status === 'up');
    return { status: allUp ? 'ok' : 'degraded', dependencies, training: probeTrainingBackend() };
  }
}

async function probe(check: () => Promise<void>): Promise<DependencyHealth> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)),
          CHECK_TIMEOUT_MS,
        );
      }),
    ]);
    return { status: 'up', latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return {
      status: 'down',
      latencyMs: Math.round(performance.now() - started),
      error: message ?? 'unknown error',
    };
  } finally {
    clearTimeout(timer);
  }
}
