import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLog } from './log';
import { freePort } from './ports';
import { startTemporalServer, type TemporalServer } from './temporal-server';

describe('Temporal dev server', () => {
  let server: TemporalServer;
  let dbFile: string;
  let port: number;

  beforeAll(async () => {
    dbFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'temporal-')), 'temporal.db');
    port = await freePort();
    server = await startTemporalServer({ port, dbFile, log: silentLog });
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
  });

  it('runs a workflow and its activity end to end, and keeps it across a restart', async () => {
    const workerConnection = await NativeConnection.connect({ address: server.address });
    const worker = await Worker.create({
      connection: workerConnection,
      taskQueue: 'smoke',
      workflowsPath: require.resolve('../test/smoke.workflow.ts'),
      activities: { greet: async (name: string) => `hello ${name}` },
    });
    const connection = await Connection.connect({ address: server.address });
    const client = new Client({ connection });
    const result = await worker.runUntil(
      client.workflow.execute('smokeWorkflow', {
        taskQueue: 'smoke',
        workflowId: 'smoke-1',
        args: ['sweep'],
      }),
    );
    expect(result).toBe('hello sweep!');
    await connection.close();
    await workerConnection.close();

    // The SQLite file keeps history: a restarted server still knows the workflow.
    await server.stop();
    server = await startTemporalServer({ port, dbFile, log: silentLog });
    const again = await Connection.connect({ address: server.address });
    const described = await new Client({ connection: again }).workflow
      .getHandle('smoke-1')
      .describe();
    expect(described.status.name).toBe('COMPLETED');
    await again.close();
  }, 120_000);

  it('names the port and the variable to change when the port is taken', async () => {
    await expect(startTemporalServer({ port, log: silentLog })).rejects.toThrow(
      new RegExp(`port ${port} for the Temporal server is already in use.*TEMPORAL_PORT`),
    );
  });
});
