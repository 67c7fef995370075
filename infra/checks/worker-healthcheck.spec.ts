import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Connection } from '@temporalio/client';
import { TASK_QUEUES } from '@morphsweep/contracts';
import {
  freePort,
  silentLog,
  startTemporalServer,
  waitFor,
  type TemporalServer,
} from '@morphsweep/devstack';
import { root, run } from './support';

// The worker images' health check against a real Temporal dev server: a worker is healthy
// while Temporal lists a poller with its identity on one of MorphSweep's task queues.
const script = path.join(root, 'infra', 'docker', 'worker-healthcheck.mjs');
let server: TemporalServer;
let connection: Connection;

beforeAll(async () => {
  server = await startTemporalServer({ port: await freePort(), log: silentLog });
  connection = await Connection.connect({ address: server.address });
});

afterAll(async () => {
  await connection?.close();
  await server?.stop();
});

function healthcheck(extra: NodeJS.ProcessEnv = {}) {
  return run(process.execPath, [script], {
    env: {
      ...process.env,
      TEMPORAL_ADDRESS: server.address,
      TEMPORAL_NAMESPACE: 'default',
      ...extra,
    },
  });
}

/**
 * Long-polls a task queue as `identity` (what a worker does) until Temporal lists the poller;
 * it stays listed for minutes after. The poll is then aborted and awaited, so no call is left
 * for the client to retry once the connection closes (and none waits out its deadline).
 */
async function pollAs(identity: string, queue: string): Promise<void> {
  const abort = new AbortController();
  const poll = connection.withAbortSignal(abort.signal, () =>
    connection.withDeadline(Date.now() + 30_000, () =>
      connection.workflowService.pollActivityTaskQueue({
        namespace: 'default',
        taskQueue: { name: queue },
        identity,
      }),
    ),
  );
  try {
    await waitFor(
      async () => {
        const { pollers } = await connection.workflowService.describeTaskQueue({
          namespace: 'default',
          taskQueue: { name: queue },
          taskQueueType: 2, // activity
        });
        return (pollers ?? []).some((p) => p.identity === identity);
      },
      30_000,
      `Temporal never listed the poller ${identity}`,
    );
  } finally {
    abort.abort();
    await poll.catch(() => undefined); // cancelled (or an empty answer at its deadline)
  }
}

describe('worker-healthcheck.mjs', () => {
  it('is unhealthy while no worker of this host polls', () => {
    const ran = healthcheck();
    expect(ran.code).toBe(1);
    expect(ran.stderr).toContain(`no recent poller of this container (${os.hostname()})`);
  });

  it('is healthy once a worker with this hostname polls a training queue', async () => {
    await pollAs(`${os.hostname()}:4242`, TASK_QUEUES.trainCpu);
    const ran = healthcheck();
    expect(ran.stdout).toContain(`healthy: ${os.hostname()}:4242 polls ${TASK_QUEUES.trainCpu}`);
    expect(ran.code).toBe(0);
  });

  it('with WORKER_IDENTITY, only that identity counts', async () => {
    await pollAs('pod-a', TASK_QUEUES.trainGpu);
    expect(healthcheck({ WORKER_IDENTITY: 'pod-a' }).code).toBe(0);
    expect(healthcheck({ WORKER_IDENTITY: 'pod-b' }).code).toBe(1);
  });

  it('says why when Temporal cannot be reached', async () => {
    const ran = healthcheck({ TEMPORAL_ADDRESS: `127.0.0.1:${await freePort()}` });
    expect(ran.code).toBe(1);
    expect(ran.stderr).toMatch(/^unhealthy: /);
  });
});
