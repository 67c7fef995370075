// Shared set-up of the worker's integration tests: clients of the test stack, sweeps written
// the way the API writes them, and in-process workers.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Runtime, DefaultLogger } from '@temporalio/worker';
import { inject } from 'vitest';
import type { ActivityDeps } from '@morphsweep/activities';
import { validateSweepSpec } from '@morphsweep/sweeps';
import {
  TASK_QUEUES,
  expandGrid,
  strengthValues,
  type SweepSpecInput,
  type TaskQueue,
  sweepWorkflowId,
} from '@morphsweep/contracts';
import { createDb, SweepRepository, type Db } from '@morphsweep/db';
import { LocalArtifactStore } from '@morphsweep/storage';
import { createWorkerSet, type WorkerSet } from '../worker-set';

let runtimeInstalled = false;

export interface Harness {
  client: Client;
  connection: NativeConnection;
  db: Db;
  store: LocalArtifactStore;
  close(): Promise<void>;
}

/** Connects to the stack the global setup started. */
export async function openHarness(): Promise<Harness> {
  if (!runtimeInstalled) {
    Runtime.install({ logger: new DefaultLogger('WARN') });
    runtimeInstalled = true;
  }
  const { temporalAddress, databaseUrl } = inject('stack');
  const clientConnection = await Connection.connect({ address: temporalAddress! });
  const connection = await NativeConnection.connect({ address: temporalAddress! });
  // One connection: the embedded Postgres's socket server showed lost writes and missed reads
  // under several concurrent pooled connections (reported upstream in the orchestration note).
  const db = createDb(databaseUrl!, { maxConnections: 1 });
  const store = new LocalArtifactStore(
    mkdtempSync(path.join(os.tmpdir(), 'morphsweep-artifacts-')),
  );
  return {
    client: new Client({ connection: clientConnection }),
    connection,
    db,
    store,
    async close() {
      await clientConnection.close();
      await connection.close();
      await db.$disconnect();
    },
  };
}

/** A small valid spec; `overrides` replace whole top-level fields. */
export function testSpec(overrides: Partial<SweepSpecInput> = {}): SweepSpecInput {
  return {
    name: 'test sweep',
    seedNetwork: 'fmnist-cnn',
    dataset: { kind: 'synthetic', subsetSize: 128 },
    morphnet: { family: 'gamma', resource: 'flops' },
    grid: { strengths: [1e-8, 1e-7, 1e-6], thresholds: [0.01, 0.1] },
    budget: {
      steps: 20,
      batchSize: 16,
      learningRate: 0.01,
      evalInterval: 5,
      checkpointInterval: 5,
    },
    concurrency: 3,
    accelerator: 'cpu',
    retrain: { policy: 'manual' },
    ...overrides,
  };
}

/** Validates a spec and writes its sweep and cells as the API does; returns the sweep id. */
export async function createSweep(db: Db, input: SweepSpecInput): Promise<string> {
  const validation = validateSweepSpec(input);
  if (!validation.ok) throw new Error(JSON.stringify(validation.issues));
  const id = randomUUID();
  const cells = expandGrid(
    strengthValues(validation.spec.grid.strengths),
    validation.spec.grid.thresholds,
  );
  await new SweepRepository(db).createWithRuns({
    id,
    name: validation.spec.name,
    spec: validation.spec as never,
    workflowId: sweepWorkflowId(id),
    ...(validation.seedCost === undefined ? {} : { seedCost: validation.seedCost }),
    cells: cells.map((c) => ({ id: randomUUID(), ...c })),
  });
  return id;
}

/** Starts in-process workers on `queues` (default all) with the prebuilt workflow bundle. */
export async function startWorkers(
  h: Harness,
  deps: Partial<ActivityDeps>,
  queues: TaskQueue[] = Object.values(TASK_QUEUES),
  trainingSlots = 3,
): Promise<{ set: WorkerSet; done: Promise<void> }> {
  const set = await createWorkerSet({
    connection: h.connection,
    queues,
    trainingSlots,
    deps: { db: h.db, store: h.store, heartbeatIntervalMs: 200, ...deps },
    workflowBundle: { code: readFileSync(inject('workflowBundlePath'), 'utf8') },
  });
  return { set, done: set.run() };
}

/** Polls `check` until it returns a truthy value (no fixed sleeps). */
export async function eventually<T>(
  check: () => Promise<T | null | undefined | false>,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}
