import {
  NativeConnection,
  Worker,
  bundleWorkflowCode,
  type WorkflowBundleOption,
} from '@temporalio/worker';
import {
  createControlActivities,
  createTrainingActivities,
  type ActivityDeps,
} from '@morphsweep/activities';
import { TASK_QUEUES, type TaskQueue } from '@morphsweep/contracts';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/** Options of {@link createWorkerSet}. */
export interface WorkerSetOptions {
  connection: NativeConnection;
  namespace?: string;
  /** Task queues to serve: the control queue and/or training queues. */
  queues: readonly TaskQueue[];
  /** Concurrent training activities per training queue (GPUs of the host, or 1 for a CPU box). */
  trainingSlots: number;
  deps: ActivityDeps;
  /** A prebuilt workflow bundle (tests bundle once); else the workflows are bundled here. */
  workflowBundle?: WorkflowBundleOption;
  identity?: string;
  /**
   * After `shutdown()`, how long running activities may go on before they are cancelled (and
   * retried elsewhere from their last checkpoint) [0: at once].
   */
  shutdownGraceMs?: number;
}

/** The Temporal workers of one process, one per task queue served. */
export interface WorkerSet {
  workers: Worker[];
  /** Runs until every worker has shut down. */
  run(): Promise<void>;
  shutdown(): void;
}

/**
 * The bundler entry of `@morphsweep/workflows`: its TypeScript source when present (the
 * bundler compiles TypeScript itself, so it is always current), else the compiled file.
 */
export function workflowsEntry(): string {
  const root = path.dirname(
    createRequire(__filename).resolve('@morphsweep/workflows/package.json'),
  );
  const source = path.join(root, 'src', 'workflows.ts');
  return existsSync(source) ? source : path.join(root, 'dist', 'workflows.js');
}

/**
 * Bundles the workflows of `@morphsweep/workflows` from their TypeScript source: the
 * workspace packages export it under the `@morphsweep/source` condition, which webpack is
 * told about here.
 */
export function bundleWorkflows(): Promise<WorkflowBundleOption> {
  return bundleWorkflowCode({
    workflowsPath: workflowsEntry(),
    webpackConfigHook: (config) => {
      config.resolve = {
        ...config.resolve,
        conditionNames: ['@morphsweep/source', 'require', 'node', 'default'],
      };
      return config;
    },
    logger: {
      trace() {},
      debug() {},
      info() {},
      warn: console.warn,
      error: console.error,
      log() {},
    },
  });
}

/**
 * Creates the workers of one process: on `morphnet-control` the workflows plus control
 * activities; on each training queue only the training activities, at most `trainingSlots`
 * at a time.
 */
export async function createWorkerSet(options: WorkerSetOptions): Promise<WorkerSet> {
  const common = {
    connection: options.connection,
    namespace: options.namespace ?? 'default',
    ...(options.identity ? { identity: options.identity } : {}),
    ...(options.shutdownGraceMs ? { shutdownGraceTime: options.shutdownGraceMs } : {}),
  };
  const workers: Worker[] = [];
  for (const queue of options.queues) {
    if (queue === TASK_QUEUES.control) {
      workers.push(
        await Worker.create({
          ...common,
          taskQueue: queue,
          workflowBundle: options.workflowBundle ?? (await bundleWorkflows()),
          activities: createControlActivities(options.deps),
          maxConcurrentActivityTaskExecutions: 50,
        }),
      );
    } else {
      workers.push(
        await Worker.create({
          ...common,
          taskQueue: queue,
          activities: createTrainingActivities(options.deps),
          maxConcurrentActivityTaskExecutions: options.trainingSlots,
          // A cancellation reaches an activity only in the answer to a heartbeat, and Temporal
          // throttles heartbeats to 0.8 × the 60 s timeout: a cancelled sweep's trainings
          // would run on for up to 48 s. One heartbeat call per 5 s per training is cheap.
          maxHeartbeatThrottleInterval: '5 seconds',
        }),
      );
    }
  }
  return {
    workers,
    run: async () => {
      await Promise.all(workers.map((w) => w.run()));
    },
    shutdown: () => {
      for (const w of workers) if (w.getState() === 'RUNNING') w.shutdown();
    },
  };
}
