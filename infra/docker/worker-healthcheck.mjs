// The worker images' health check (Docker HEALTHCHECK, the chart's liveness probe): exits 0
// when Temporal lists a worker of this container among the recent pollers of a MorphSweep task
// queue, so a worker that is up but no longer polling (wedged, disconnected) is restarted.
// A poller is this container's when its identity is WORKER_IDENTITY, or `<hostname>:<pid>`
// (the worker's default identity) for this hostname. Reads the worker's own Temporal settings:
// TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TEMPORAL_TLS*, TEMPORAL_API_KEY.
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { Connection } from '@temporalio/client';
import contracts from '@morphsweep/contracts';

// Temporal shows a poller for a few minutes after its last poll; a live worker polls every
// minute at most (long polls), so three minutes without one means it stopped.
const RECENT_MS = 3 * 60_000;
const TASK_QUEUE_TYPES = { workflow: 1, activity: 2 };

const env = process.env;
const namespace = env.TEMPORAL_NAMESPACE ?? 'default';
const ours = (identity) =>
  env.WORKER_IDENTITY ? identity === env.WORKER_IDENTITY : identity.startsWith(`${os.hostname()}:`);

function tlsOptions() {
  const read = (name) => (env[name] ? readFileSync(env[name]) : undefined);
  const wanted =
    env.TEMPORAL_TLS !== undefined
      ? env.TEMPORAL_TLS === 'true' || env.TEMPORAL_TLS === '1'
      : Boolean(env.TEMPORAL_TLS_CERT || env.TEMPORAL_TLS_CA || env.TEMPORAL_API_KEY);
  if (!wanted) return undefined;
  const crt = read('TEMPORAL_TLS_CERT');
  const key = read('TEMPORAL_TLS_KEY');
  return {
    ...(env.TEMPORAL_TLS_SERVER_NAME ? { serverNameOverride: env.TEMPORAL_TLS_SERVER_NAME } : {}),
    ...(env.TEMPORAL_TLS_CA ? { serverRootCACertificate: read('TEMPORAL_TLS_CA') } : {}),
    ...(crt && key ? { clientCertPair: { crt, key } } : {}),
  };
}

async function main() {
  const connection = await Connection.connect({
    address: env.TEMPORAL_ADDRESS ?? 'localhost:7233',
    tls: tlsOptions(),
    ...(env.TEMPORAL_API_KEY ? { apiKey: env.TEMPORAL_API_KEY } : {}),
    connectTimeout: '10s',
  });
  try {
    for (const name of Object.values(contracts.TASK_QUEUES)) {
      for (const taskQueueType of Object.values(TASK_QUEUE_TYPES)) {
        const { pollers } = await connection.workflowService.describeTaskQueue({
          namespace,
          taskQueue: { name },
          taskQueueType,
        });
        const recent = (pollers ?? []).find(
          (p) =>
            ours(p.identity ?? '') &&
            Date.now() - Number(p.lastAccessTime?.seconds ?? 0) * 1000 < RECENT_MS,
        );
        if (recent) {
          console.log(`healthy: ${recent.identity} polls ${name}`);
          return 0;
        }
      }
    }
    console.error(
      `unhealthy: no recent poller of this container (${os.hostname()}) on any task queue`,
    );
    return 1;
  } finally {
    await connection.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`unhealthy: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
