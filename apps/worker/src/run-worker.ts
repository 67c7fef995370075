import os from 'node:os';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { TASK_QUEUES, type TaskQueue } from '@morphsweep/contracts';
import { createDb } from '@morphsweep/db';
import { createArtifactStore } from '@morphsweep/storage';
import { describeBackendSelection, selectBackend } from '@morphsweep/training';
import { defaultTrainers } from './default-trainers';
import { checkArtifactStore, checkDatabase, connectTemporal, redactUrl } from './startup-checks';
import {
  describeTemporalSecurity,
  temporalConnectionOptions,
} from '@morphsweep/temporal-connection';
import { AUTO_QUEUES, loadWorkerConfig } from './worker.config';
import { createWorkerSet } from './worker-set';

/** The training queue of a host whose backend does (`gpu`) or does not compute on a GPU. */
export function acceleratorQueue(gpu: boolean): TaskQueue {
  return gpu ? TASK_QUEUES.trainGpu : TASK_QUEUES.trainCpu;
}

/**
 * Runs a worker configured by `env` (docs/configuration.md, "The worker") until SIGTERM or
 * SIGINT: chooses the training backend (and with `WORKER_QUEUES=auto` the queue of its
 * accelerator), checks Temporal, Postgres and the artifact store, each failure naming its
 * variable, prints what it connected to, and serves its queues. A signal stops polling and
 * gives running trainings WORKER_SHUTDOWN_GRACE_MS to finish; those still running are then
 * cancelled, and their retry resumes elsewhere from the last checkpoint. Resolves when the
 * workers have drained.
 */
export async function runWorker(
  env: NodeJS.ProcessEnv = process.env,
  log: (line: string) => void = console.log,
): Promise<void> {
  const config = loadWorkerConfig(env);
  // Our own signal handling below (the runtime's default would shut down without a word).
  Runtime.install({ logger: new DefaultLogger('WARN'), shutdownSignals: [] });
  // Chosen now (not at the first training) so the log says at once what this worker trains on.
  const selection = await selectBackend({ env });
  log(describeBackendSelection(selection));
  const queues =
    config.WORKER_QUEUES === AUTO_QUEUES
      ? [acceleratorQueue(selection.backend.gpu === true)]
      : config.WORKER_QUEUES;

  const timeout = config.WORKER_CONNECT_TIMEOUT_MS;
  const connection = await connectTemporal(
    await temporalConnectionOptions(config),
    config.TEMPORAL_NAMESPACE,
    timeout,
  );
  const db = createDb(
    config.DATABASE_URL,
    config.DATABASE_POOL_MAX === undefined ? {} : { maxConnections: config.DATABASE_POOL_MAX },
  );
  try {
    await checkDatabase(db, config.DATABASE_URL, timeout);
    const store = createArtifactStore(config.ARTIFACTS_URL);
    await checkArtifactStore(store, timeout);
    log(
      `temporal: ${config.TEMPORAL_ADDRESS} namespace ${config.TEMPORAL_NAMESPACE} (${describeTemporalSecurity(config)})`,
    );
    log(`database: ${redactUrl(config.DATABASE_URL)}`);
    log(`artifacts: ${store.url}`);

    const identity = config.WORKER_IDENTITY ?? `${os.hostname()}:${process.pid}`;
    const set = await createWorkerSet({
      connection,
      namespace: config.TEMPORAL_NAMESPACE,
      queues,
      trainingSlots: config.TRAINING_SLOTS,
      identity,
      shutdownGraceMs: config.WORKER_SHUTDOWN_GRACE_MS,
      deps: { db, store, identity, ...defaultTrainers() },
    });
    // Every signal after the first is ignored: Ctrl-C reaches the whole process group, so
    // the worker gets it directly and again from a parent passing it on.
    let stopping = false;
    const stop = (signal: NodeJS.Signals) => {
      if (stopping) return;
      stopping = true;
      log(
        `${signal}: stopping; running trainings get ${config.WORKER_SHUTDOWN_GRACE_MS} ms to finish, then resume elsewhere from their last checkpoint`,
      );
      set.shutdown();
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
    log(
      `worker ${identity} serving ${queues.join(', ')} (${config.TRAINING_SLOTS} training slot(s))`,
    );
    try {
      await set.run();
    } finally {
      process.off('SIGTERM', stop);
      process.off('SIGINT', stop);
    }
    log(`worker ${identity} stopped`);
  } finally {
    await connection.close();
    await db.$disconnect();
  }
}
