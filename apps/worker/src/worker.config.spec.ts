import { describe, expect, it } from 'vitest';
import { TASK_QUEUES } from '@morphsweep/contracts';
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
