// The MorphSweep worker: serves the task queues named by WORKER_QUEUES (default all three),
// as `morphsweep up` runs it; `morphsweep worker` runs it with WORKER_QUEUES=auto.
// Exit codes: 0 stopped by a signal, 1 failed, 2 bad configuration, 3 a dependency unreachable.
import { runWorker } from './run-worker';
import { DependencyError } from './startup-checks';
import { TemporalTlsFileError } from '@morphsweep/temporal-connection';
import { ConfigError } from './worker.config';

runWorker().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    const badConfig = error instanceof ConfigError || error instanceof TemporalTlsFileError;
    process.exit(badConfig ? 2 : error instanceof DependencyError ? 3 : 1);
  },
);
