import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TASK_QUEUES } from '@morphsweep/contracts';
import { describeTemporalSecurity, temporalConnectionOptions } from './temporal-connection';
import { loadWorkerConfig, parseQueues } from './worker.config';

const DB = { DATABASE_URL: 'postgresql://u:p@db:5432/morphsweep' };

describe('worker configuration', () => {
  it('takes full queue names, short names and auto; names every unknown queue', () => {
    expect(parseQueues('control, gpu')).toEqual([TASK_QUEUES.control, TASK_QUEUES.trainGpu]);
    expect(parseQueues('morphnet-train-cpu,cpu')).toEqual([TASK_QUEUES.trainCpu]);
    expect(parseQueues('auto')).toBe('auto');
    expect(() => parseQueues('gpu,tpu,fast')).toThrow(/unknown task queue "tpu", "fast"/);
    expect(() => parseQueues(' , ')).toThrow(/no task queue/);
  });

  it('defaults to all three queues, one slot, a 10 s shutdown grace', () => {
    const config = loadWorkerConfig(DB);
    expect(config.WORKER_QUEUES).toEqual(Object.values(TASK_QUEUES));
    expect(config).toMatchObject({ TRAINING_SLOTS: 1, WORKER_SHUTDOWN_GRACE_MS: 10_000 });
  });

  it('names each bad variable: a missing DATABASE_URL, an unknown queue, a lone certificate', () => {
    expect(() => loadWorkerConfig({ WORKER_QUEUES: 'gpu,tpu' })).toThrow(
      /DATABASE_URL: must name the Postgres database.*\n.*WORKER_QUEUES: unknown task queue "tpu"/,
    );
    expect(() => loadWorkerConfig({ ...DB, TEMPORAL_TLS_CERT: '/c.pem' })).toThrow(
      /TEMPORAL_TLS_KEY: the client certificate and key go together/,
    );
    expect(() => loadWorkerConfig({ ...DB, TEMPORAL_TLS: 'false', TEMPORAL_API_KEY: 'k' })).toThrow(
      /TEMPORAL_TLS: is false, but TLS files or TEMPORAL_API_KEY are set/,
    );
  });
});

describe('the Temporal connection', () => {
  it('is plaintext by default and TLS with an API key, a CA or a client certificate', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'worker-tls-'));
    for (const name of ['ca.pem', 'client.pem', 'client.key'])
      writeFileSync(path.join(dir, name), `-----${name}-----`);

    const plain = loadWorkerConfig(DB);
    expect(await temporalConnectionOptions(plain)).toEqual({ address: 'localhost:7233' });
    expect(describeTemporalSecurity(plain)).toBe('plaintext');

    const cloud = loadWorkerConfig({ ...DB, TEMPORAL_API_KEY: 'secret-key' });
    expect(await temporalConnectionOptions(cloud)).toMatchObject({
      apiKey: 'secret-key',
      tls: {},
    });
    expect(describeTemporalSecurity(cloud)).toBe('TLS + API key');

    const mtls = loadWorkerConfig({
      ...DB,
      TEMPORAL_ADDRESS: 'temporal.internal:7233',
      TEMPORAL_TLS_CA: path.join(dir, 'ca.pem'),
      TEMPORAL_TLS_CERT: path.join(dir, 'client.pem'),
      TEMPORAL_TLS_KEY: path.join(dir, 'client.key'),
      TEMPORAL_TLS_SERVER_NAME: 'temporal',
    });
    const options = await temporalConnectionOptions(mtls);
    expect(options.tls).toMatchObject({ serverNameOverride: 'temporal' });
    const tls = options.tls as {
      serverRootCACertificate: Buffer;
      clientCertPair: { crt: Buffer; key: Buffer };
    };
    expect(tls.serverRootCACertificate.toString()).toBe('-----ca.pem-----');
    expect(tls.clientCertPair.crt.toString()).toBe('-----client.pem-----');
    expect(tls.clientCertPair.key.toString()).toBe('-----client.key-----');
    expect(describeTemporalSecurity(mtls)).toBe('TLS + client certificate + private CA');
  });

  it('names the variable of a TLS file it cannot read', async () => {
    const config = loadWorkerConfig({
      ...DB,
      TEMPORAL_TLS_CERT: '/nonexistent/client.pem',
      TEMPORAL_TLS_KEY: '/nonexistent/client.key',
    });
    await expect(temporalConnectionOptions(config)).rejects.toThrow(
      /^TEMPORAL_TLS_CERT: cannot read "\/nonexistent\/client.pem"/,
    );
  });
});
