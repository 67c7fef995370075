// A training-queue worker in its own process, so a test can SIGKILL it mid-training. Uses
// the real structure-learning loop and appends every step it trains to STEP_LOG.
import { appendFileSync } from 'node:fs';
import { NativeConnection, Runtime, DefaultLogger } from '@temporalio/worker';
import { TASK_QUEUES } from '@morphsweep/contracts';
import { createDb } from '@morphsweep/db';
import { LocalArtifactStore } from '@morphsweep/storage';
import { defaultTrainers } from '../default-trainers';
import { createWorkerSet } from '../worker-set';

async function main(): Promise<void> {
  const env = process.env as Record<string, string>;
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const trainers = defaultTrainers();
  const connection = await NativeConnection.connect({ address: env['TEMPORAL_ADDRESS']! });
  const set = await createWorkerSet({
    connection,
    queues: [TASK_QUEUES.trainCpu],
    trainingSlots: 1,
    deps: {
      db: createDb(env['DATABASE_URL']!, { maxConnections: 1 }),
      store: new LocalArtifactStore(env['ARTIFACTS_DIR']!),
      heartbeatIntervalMs: 200,
      identity: env['WORKER_NAME']!,
      learnStructure: (config, hooks, options) =>
        trainers.learnStructure(
          config,
          { ...hooks, onStep: (step) => (appendFileSync(env['STEP_LOG']!, `${step}\n`), hooks.onStep?.(step)) },
          options,
        ),
    },
  });
  process.send?.('ready');
  await set.run();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
