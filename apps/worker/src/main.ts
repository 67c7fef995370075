// The MorphSweep worker: serves the task queues named by WORKER_QUEUES (default all three).
import os from 'node:os';
import { NativeConnection } from '@temporalio/worker';
import { createDb } from '@morphsweep/db';
import { createArtifactStore } from '@morphsweep/storage';
import { loadWorkerConfig } from './worker.config';
import { createWorkerSet } from './worker-set';
import { defaultTrainers } from './default-trainers';
import { describeBackendSelection, selectBackend } from '@morphsweep/training';

async function main(): Promise<void> {
  const config = loadWorkerConfig();
  // Chosen now (not at the first training) so the log says at once what this worker trains on.
  console.log(describeBackendSelection(await selectBackend()));
  const db = createDb(
    config.DATABASE_URL,
    config.DATABASE_POOL_MAX === undefined ? {} : { maxConnections: config.DATABASE_POOL_MAX },
  );
  const store = createArtifactStore(config.ARTIFACTS_URL);
  await store.check();
  const connection = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS });
  const identity = config.WORKER_IDENTITY ?? `${os.hostname()}:${process.pid}`;
  const set = await createWorkerSet({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    queues: config.WORKER_QUEUES,
    trainingSlots: config.TRAINING_SLOTS,
    identity,
    deps: { db, store, identity, ...defaultTrainers() },
  });
  console.log(
    `worker ${identity} serving ${config.WORKER_QUEUES.join(', ')} (${config.TRAINING_SLOTS} training slot(s))`,
  );
  try {
    await set.run();
  } finally {
    await connection.close();
    await db.$disconnect();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
