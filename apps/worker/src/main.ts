// The MorphSweep worker: serves the task queues named by WORKER_QUEUES (default all three),
// as `morphsweep up` runs it; `morphsweep worker` runs the same with WORKER_QUEUES=auto.
import { runWorker } from './run-worker';

runWorker().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
