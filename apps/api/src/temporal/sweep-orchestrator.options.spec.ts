import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { ServiceUnavailableException } from '@nestjs/common';
import { Client, Connection, defaultPayloadConverter } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { sweepWorkflowId } from '@morphsweep/contracts';
import { loadApiConfig } from '../config/api.config';
import { SweepOrchestrator } from './sweep-orchestrator.service';

// TRAINING_HEARTBEAT_TIMEOUT_S reaches the sweep workflow as its training option, whichever
// call starts the workflow: start (submit, reconciler), signal-with-start (resume) and
// update-with-start (promote). No worker serves the control queue here: the workflows only
// start, and the spec reads the input Temporal recorded for each.
const stack = inject('stack');

describe('the sweep workflow options the API starts with', () => {
  let connection: Connection;
  let client: Client;
  const started: string[] = [];

  beforeAll(async () => {
    connection = await Connection.connect({ address: stack.temporalAddress! });
    client = new Client({ connection });
  });
  afterAll(async () => {
    for (const id of started) {
      await client.workflow
        .getHandle(sweepWorkflowId(id))
        .terminate('test cleanup')
        .catch(() => undefined);
    }
    await connection?.close();
  });

  const orchestrator = (env: Record<string, string>) =>
    new SweepOrchestrator(
      connection,
      loadApiConfig({
        DATABASE_URL: 'postgresql://unused',
        TEMPORAL_ADDRESS: stack.temporalAddress!,
        // A promote here never gets an answer (no worker): give up on it quickly.
        PROMOTE_TIMEOUT_MS: '500',
        ...env,
      }),
    );

  // The arguments of the workflow's first run, as its WorkflowExecutionStarted event holds them.
  async function startArgs(sweepId: string): Promise<unknown[]> {
    const history = await client.workflow.getHandle(sweepWorkflowId(sweepId)).fetchHistory();
    const input = history.events?.[0]?.workflowExecutionStartedEventAttributes?.input;
    return (input?.payloads ?? []).map((p) => defaultPayloadConverter.fromPayload(p));
  }

  // One sweep started by each of the three calls that can start its workflow.
  async function startEachWay(sweeps: SweepOrchestrator): Promise<string[]> {
    const [submitted, resumed, promoted] = [randomUUID(), randomUUID(), randomUUID()];
    started.push(submitted, resumed, promoted);
    await sweeps.start(submitted);
    await sweeps.resumeFailed(resumed);
    await expect(sweeps.promote(promoted, randomUUID())).rejects.toBeInstanceOf(
      ServiceUnavailableException,
    );
    return [submitted, resumed, promoted];
  }

  it('passes TRAINING_HEARTBEAT_TIMEOUT_S as the training heartbeat timeout on every start', async () => {
    const sweeps = orchestrator({ TRAINING_HEARTBEAT_TIMEOUT_S: '12' });
    for (const sweepId of await startEachWay(sweeps)) {
      expect(await startArgs(sweepId)).toEqual([
        sweepId,
        { training: { heartbeatTimeout: '12 seconds' } },
      ]);
    }
  });

  it('passes only the sweep id when it is unset (the workflow keeps its own 60 s)', async () => {
    for (const sweepId of await startEachWay(orchestrator({}))) {
      expect(await startArgs(sweepId)).toEqual([sweepId]);
    }
  });

  it('refuses a timeout the worker could not heartbeat within, naming the variable', () => {
    for (const value of ['5', '12.5', 'soon']) {
      expect(() =>
        loadApiConfig({ DATABASE_URL: 'postgresql://unused', TRAINING_HEARTBEAT_TIMEOUT_S: value }),
      ).toThrow(/TRAINING_HEARTBEAT_TIMEOUT_S/);
    }
  });
});
