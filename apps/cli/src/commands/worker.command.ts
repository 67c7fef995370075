import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { workspaceRoot } from '@morphsweep/devstack';
import { UsageError, type Command } from '../command';
import { EXIT } from '../remote/exit-codes';
import { numberFlag, positiveInt } from '../flags';

const USAGE = `Usage: morphsweep worker [--queues LIST] [--slots N]

Joins an existing MorphSweep deployment as a worker: takes trainings (and, with --queues
control, workflows) from its Temporal, writes results to its Postgres and checkpoints to its
artifact store, until SIGTERM or Ctrl-C. It prints the training backend, what it connected
to and the queues it serves; a dependency it cannot reach stops it at once with the variable
to fix. On SIGTERM it stops taking work and gives running trainings WORKER_SHUTDOWN_GRACE_MS
(10 s) to finish; the rest resume on another worker from their last checkpoint.

Options:
  --queues LIST   task queues, comma-separated: control, gpu, cpu (or the full names
                  morphnet-control, morphnet-train-gpu, morphnet-train-cpu), or auto
                  (default: WORKER_QUEUES, else auto: gpu when the training backend
                  computes on a GPU, else cpu)
  --slots N       concurrent trainings per training queue (default: TRAINING_SLOTS, else 1)

Environment: TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TEMPORAL_TLS, TEMPORAL_TLS_CERT,
TEMPORAL_TLS_KEY, TEMPORAL_TLS_CA, TEMPORAL_TLS_SERVER_NAME, TEMPORAL_API_KEY, DATABASE_URL
(required), DATABASE_POOL_MAX, ARTIFACTS_URL, S3_*, AWS_*, WORKER_IDENTITY,
WORKER_SHUTDOWN_GRACE_MS, WORKER_CONNECT_TIMEOUT_MS, MORPHSWEEP_BACKEND. See
docs/configuration.md. Exit codes: 0 stopped by a signal; 1 failed while running;
2 bad configuration; 3 Temporal, Postgres or the artifact store unreachable.`;

/** `morphsweep worker`: a worker joining a deployment from this machine. */
export const workerCommand: Command = {
  name: 'worker',
  usage: USAGE,
  async run(argv) {
    let values;
    try {
      ({ values } = parseArgs({
        args: [...argv],
        options: { queues: { type: 'string' }, slots: { type: 'string' } },
      }));
    } catch (error) {
      throw new UsageError(error instanceof Error ? error.message : String(error));
    }
    const env = { ...process.env };
    env['WORKER_QUEUES'] = values.queues ?? env['WORKER_QUEUES'] ?? 'auto';
    if (values.slots !== undefined)
      env['TRAINING_SLOTS'] = String(numberFlag(values.slots, 'slots', undefined, positiveInt));
    // The worker app itself (what `up` runs too) in a child; signals are passed on, so a
    // SIGTERM here is the worker's graceful shutdown. Its exit codes are the command's.
    const main = path.join(workspaceRoot(), 'apps', 'worker', 'dist', 'main.js');
    const child = spawn(process.execPath, [main], { env, stdio: 'inherit' });
    const forward = (signal: NodeJS.Signals) => child.kill(signal);
    process.on('SIGTERM', forward);
    process.on('SIGINT', forward);
    const [code, signal] = (await once(child, 'exit')) as [number | null, NodeJS.Signals | null];
    process.off('SIGTERM', forward);
    process.off('SIGINT', forward);
    return code ?? (signal ? EXIT.failed : EXIT.ok);
  },
};
