// One test file's view of the Temporal dev server of the global setup: a client, and real
// workers on the control and both training queues running the bundled workflows with the
// fake activities over one FakeWorld.
import { readFileSync } from 'node:fs';
import { Client, Connection, type WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { inject } from 'vitest';
import { TASK_QUEUES } from '@morphsweep/contracts';
import { sweepWorkflow } from '../lib/sweep/sweep.workflow';
import { sweepWorkflowId } from '@morphsweep/contracts';
import type { SweepWorkflowOptions } from '../lib/sweep/sweep-execution';
import { fakeControlActivities, fakeTrainingActivities } from './fake-activities';
import { FakeWorld } from './fake-world';

/** Identity of test clients and workers: fixed, so recorded histories name no machine. */
export const TEST_IDENTITY = 'morphsweep-workflows-test';

/** Short timeouts and retries for the training activities of test sweeps. */
export const testTraining = {
  heartbeatTimeout: '2 seconds',
  initialRetryInterval: '100 milliseconds',
  maximumAttempts: 2,
} as const;

/** A client and running workers over one FakeWorld. */
export interface TestEnv {
  client: Client;
  world: FakeWorld;
  /** Starts `sweepWorkflow` for a sweep of the world, as the API does. */
  startSweep(
    sweepId: string,
    options?: SweepWorkflowOptions,
  ): Promise<WorkflowHandleWithFirstExecutionRunId<typeof sweepWorkflow>>;
  close(): Promise<void>;
}

/** Quiet SDK logs (ERROR only): the activity and workflow failures the tests provoke are logged as warnings. */
export function installTestRuntime(): void {
  try {
    Runtime.install({
      logger: new DefaultLogger('ERROR'),
      telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' } } },
    });
  } catch {
    // Already installed by an earlier file in this process.
  }
}

/** Connects to the dev server and starts the workers; `close()` shuts them down. */
export async function openTestEnv(): Promise<TestEnv> {
  installTestRuntime();
  const address = inject('temporalAddress');
  const clientConnection = await Connection.connect({ address });
  const connection = await NativeConnection.connect({ address });
  const client = new Client({ connection: clientConnection, identity: TEST_IDENTITY });
  const world = new FakeWorld();
  // Heartbeats go out at least every 100 ms, so a cancellation reaches a training promptly.
  const common = {
    connection,
    identity: TEST_IDENTITY,
    maxHeartbeatThrottleInterval: '100 milliseconds',
    shutdownGraceTime: '2 seconds',
  };
  const workers = [
    await Worker.create({
      ...common,
      taskQueue: TASK_QUEUES.control,
      workflowBundle: { code: readFileSync(inject('workflowBundlePath'), 'utf8') },
      activities: fakeControlActivities(world),
    }),
    ...[TASK_QUEUES.trainCpu, TASK_QUEUES.trainGpu].map((taskQueue) =>
      Worker.create({
        ...common,
        taskQueue,
        activities: fakeTrainingActivities(world),
        maxConcurrentActivityTaskExecutions: 20,
      }),
    ),
  ];
  const created = await Promise.all(workers);
  const running = Promise.all(created.map((w) => w.run()));
  return {
    client,
    world,
    startSweep: (sweepId, options = { training: testTraining }) =>
      client.workflow.start(sweepWorkflow, {
        taskQueue: TASK_QUEUES.control,
        workflowId: sweepWorkflowId(sweepId),
        args: [sweepId, options],
      }),
    async close() {
      world.releaseAll();
      for (const w of created) w.shutdown();
      await running;
      await connection.close();
      await clientConnection.close();
    },
  };
}

/** Polls `check` until it returns a truthy value (no fixed sleeps). */
export async function eventually<T>(
  check: () => T | Promise<T>,
  timeoutMs = 20_000,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}
