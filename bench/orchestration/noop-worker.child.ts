// One worker process of the orchestration bench: the control queue (workflows and control
// activities) and the CPU training queue, whose structure learning is the no-op trainer.
// Env: TEMPORAL_ADDRESS, DATABASE_URL, WORKFLOW_BUNDLE (a prebuilt bundle's path),
// TRAINING_SLOTS, ARTIFACTS_DIR; optional DATABASE_POOL_MAX, and COUNT_QUERIES=1 to count the
// SQL statements its database client sends (answered to a 'queries' message). Sends 'ready'
// once polling.
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { TASK_QUEUES } from '@morphsweep/contracts';
import { createDb } from '@morphsweep/db';
import { LocalArtifactStore } from '@morphsweep/storage';
import { createWorkerSet } from '../../apps/worker/src/worker-set';
import { noopTrainer } from './noop-trainer';

async function main(): Promise<void> {
  const env = process.env as Record<string, string>;
  Runtime.install({ logger: new DefaultLogger('WARN') });
  let queries = 0;
  const pool = env['DATABASE_POOL_MAX'] ? { maxConnections: Number(env['DATABASE_POOL_MAX']) } : {};
  const counting = env['COUNT_QUERIES'] === '1' ? { onQuery: () => queries++ } : {};
  const db = createDb(env['DATABASE_URL']!, { ...pool, ...counting });
  const connection = await NativeConnection.connect({ address: env['TEMPORAL_ADDRESS']! });
  const set = await createWorkerSet({
    connection,
    queues: [TASK_QUEUES.control, TASK_QUEUES.trainCpu],
    trainingSlots: Number(env['TRAINING_SLOTS']),
    workflowBundle: { codePath: env['WORKFLOW_BUNDLE']! },
    deps: { db, store: new LocalArtifactStore(env['ARTIFACTS_DIR']!), learnStructure: noopTrainer },
  });
  process.on('message', (message) => {
    if (message === 'queries') process.send?.({ queries });
  });
  process.on('SIGTERM', () => set.shutdown());
  const running = set.run();
  process.send?.('ready');
  await running;
  await db.$disconnect();
  await connection.close();
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
