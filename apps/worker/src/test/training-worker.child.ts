// A training-queue worker in its own process, so a test can SIGKILL it mid-training. Uses
// the real structure-learning and retraining loops and appends every step it trains to
// STEP_LOG (structure learning) and RETRAIN_STEP_LOG (retraining, when set). With
// RETRAIN_STALL_AT_STEP the retraining's checkpoint save at or after that step never returns
// (a hung artifact store), so a test can kill the worker before the retraining ends.
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
          {
            ...hooks,
            onStep: (step) => (appendFileSync(env['STEP_LOG']!, `${step}\n`), hooks.onStep?.(step)),
          },
          options,
        ),
      retrain: (config, options) =>
        trainers.retrain(config, {
          ...options,
          checkpoints: {
            load: (uri) => options.checkpoints.load(uri),
            save: async (step, bytes) => {
              if (env['RETRAIN_STALL_AT_STEP'] && step >= Number(env['RETRAIN_STALL_AT_STEP']))
                await new Promise(() => {});
              return options.checkpoints.save(step, bytes);
            },
          },
          onStep: (step) => {
            if (env['RETRAIN_STEP_LOG']) appendFileSync(env['RETRAIN_STEP_LOG'], `${step}\n`);
            options.onStep?.(step);
          },
        }),
    },
  });
  process.send?.('ready');
  await set.run();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
