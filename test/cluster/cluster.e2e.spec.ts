// MorphSweep spread over several "hosts" (test/cluster/cluster.ts): the Temporal dev server,
// the real PostgreSQL and S3 server, the API, and three `morphsweep worker` processes with
// nothing shared but those services — one control worker and two training workers. There is
// no GPU here: the `gpu-host` is a CPU process that serves the gpu queue because
// `--queues gpu,cpu` says so (the way a GPU machine that also takes `any` sweeps is run).
// The remote CLI drives everything, as a user on a laptop would.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepWorkflowId, type SweepSpecInput } from '@morphsweep/contracts';
import { freePort } from '@morphsweep/devstack';
import { createArtifactStore } from '@morphsweep/storage';
import {
  cli,
  killHost,
  startCluster,
  startHostWorker,
  stopHostWorker,
  type Cluster,
  type HostWorker,
} from './cluster';

let cluster: Cluster;
const HOST_QUEUES: Record<string, string[]> = {
  control: ['--queues', 'control'],
  cpu: ['--queues', 'cpu'],
  gpu: ['--queues', 'gpu,cpu'],
};
const hosts: Record<string, HostWorker> = {};
const sweeps: Record<string, { id: string; cells: number }> = {};

function spec(name: string, overrides: Partial<SweepSpecInput> = {}): SweepSpecInput {
  return {
    name,
    seedNetwork: 'fmnist-cnn',
    dataset: { kind: 'synthetic', subsetSize: 128 },
    morphnet: { family: 'gamma', resource: 'flops' },
    grid: { strengths: [1e-8, 1e-6], thresholds: [0.01] },
    budget: {
      steps: 20,
      batchSize: 16,
      learningRate: 0.01,
      evalInterval: 10,
      checkpointInterval: 10,
    },
    concurrency: 4,
    accelerator: 'cpu',
    retrain: { policy: 'manual' },
    ...overrides,
  };
}

function writeSpec(file: string, value: SweepSpecInput): string {
  const full = path.join(cluster.dir, file);
  writeFileSync(full, JSON.stringify(value, null, 2));
  return full;
}

/** Submits a spec with the CLI (`--json`) and returns the new sweep's id. */
async function submit(file: string): Promise<string> {
  const res = await cli(cluster, ['sweep', 'submit', file, '--json']);
  expect(res.stderr).toBe('');
  expect(res.code).toBe(0);
  const sweep = JSON.parse(res.stdout) as { id: string; created: boolean; status: string };
  expect(sweep).toMatchObject({ created: true, status: 'QUEUED' });
  return sweep.id;
}

const runsOf = (sweepId: string) =>
  cluster.db.run.findMany({ where: { sweepId }, orderBy: { cellIndex: 'asc' } });

beforeAll(async () => {
  cluster = await startCluster();
  // Started one after another: each loads its backend and bundles or connects on 2 cores.
  for (const key of ['control', 'cpu', 'gpu'])
    hosts[key] = await startHostWorker(cluster, `${key}-host`, HOST_QUEUES[key]!);
}, 300_000);

afterAll(async () => {
  for (const host of Object.values(hosts)) await stopHostWorker(host).catch(() => undefined);
  await cluster?.stop();
});

describe('a cluster of worker hosts', () => {
  it('each worker says which backend it trains on, what it connected to and what it serves', () => {
    const { serviceEnv } = cluster;
    for (const host of Object.values(hosts)) {
      expect(host.output()).toMatch(/training backend wasm /);
      expect(host.output()).toContain(
        `temporal: ${serviceEnv.TEMPORAL_ADDRESS} namespace default (plaintext)`,
      );
      expect(host.output()).toContain(`artifacts: ${serviceEnv.ARTIFACTS_URL}`);
    }
    expect(hosts['control']!.output()).toContain('worker control-host serving morphnet-control (');
    expect(hosts['cpu']!.output()).toContain('worker cpu-host serving morphnet-train-cpu (');
    expect(hosts['gpu']!.output()).toContain(
      'worker gpu-host serving morphnet-train-gpu, morphnet-train-cpu (',
    );
  });

  it('a worker that cannot reach a dependency stops at once, naming its variable (exit 3)', async () => {
    const res = await cli(cluster, ['worker', '--queues', 'cpu'], {
      ...cluster.serviceEnv,
      DATABASE_URL: `postgresql://morph:secret@127.0.0.1:${await freePort()}/none`,
      MORPHSWEEP_BACKEND: 'cpu',
      WORKER_CONNECT_TIMEOUT_MS: '5000',
    });
    expect(res.code).toBe(3);
    expect(res.stderr).toMatch(
      /cannot reach Postgres at postgresql:\/\/morph:\*\*\*@127\.0\.0\.1:\d+\/none \(DATABASE_URL\)/,
    );

    const bad = await cli(cluster, ['worker', '--queues', 'gpu,tpu'], cluster.serviceEnv);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/WORKER_QUEUES: unknown task queue "tpu"/);
  });

  it('a gpu sweep runs only on the worker serving the gpu queue', async () => {
    const id = await submit(writeSpec('gpu.json', spec('gpu sweep', { accelerator: 'gpu' })));
    sweeps['gpu'] = { id, cells: 2 };
    const watched = await cli(cluster, ['sweep', 'watch', id, '--json']);
    expect(watched.code).toBe(0);
    const lines = watched.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.every((l) => l.event === 'run' || l.event === 'done')).toBe(true);
    expect(lines.filter((l) => l.event === 'run').length).toBeGreaterThanOrEqual(2);
    const done = lines.at(-1);
    expect(done).toMatchObject({ event: 'done', sweep: { id, status: 'SUCCEEDED' } });
    expect(done.frontier.length).toBeGreaterThan(0);
    expect(Object.keys(done.frontier[0]).sort()).toEqual(
      ['accuracy', 'cellIndex', 'cost', 'knee', 'runId', 'strength', 'threshold'].sort(),
    );

    const runs = await runsOf(id);
    expect(runs.map((r) => [r.status, r.workerIdentity])).toEqual([
      ['SUCCEEDED', 'gpu-host'],
      ['SUCCEEDED', 'gpu-host'],
    ]);
  });

  it('an any sweep uses both training workers; watch prints the frontier as a table', async () => {
    const file = path.join(cluster.dir, 'any.yaml');
    // YAML, as a user would write it.
    writeFileSync(
      file,
      `name: any sweep
seedNetwork: fmnist-cnn
dataset: { kind: synthetic, subsetSize: 128 }
morphnet: { family: gamma, resource: flops }
grid:
  strengths: [1.0e-8, 1.0e-7, 1.0e-6, 1.0e-5]
  thresholds: [0.01]
budget: { steps: 20, batchSize: 16, learningRate: 0.01, evalInterval: 10, checkpointInterval: 10 }
concurrency: 4
accelerator: any
retrain: { policy: manual }
`,
    );
    const id = await submit(file);
    sweeps['any'] = { id, cells: 4 };
    const watched = await cli(cluster, ['sweep', 'watch', id]);
    expect(watched.code).toBe(0);
    expect(watched.stdout).toMatch(/SUCCEEDED/);
    expect(watched.stdout).toMatch(
      /Pareto frontier \(cost in flops, seed [\d,]+\):\nrun +strength +threshold +cost +accuracy/,
    );

    const runs = await runsOf(id);
    expect(runs.map((r) => r.status)).toEqual(['SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED']);
    expect(new Set(runs.map((r) => r.workerIdentity))).toEqual(new Set(['cpu-host', 'gpu-host']));
  });

  it('a SIGKILLed training host: the other worker of its queue finishes the run from its checkpoint', async () => {
    const STEPS = 200;
    const CHECKPOINT_INTERVAL = 20;
    const id = await submit(
      writeSpec(
        'kill.json',
        spec('kill sweep', {
          grid: { strengths: [1e-6], thresholds: [0.01] },
          budget: {
            steps: STEPS,
            batchSize: 16,
            learningRate: 0.01,
            evalInterval: 10,
            checkpointInterval: CHECKPOINT_INTERVAL,
          },
          concurrency: 1,
        }),
      ),
    );
    sweeps['kill'] = { id, cells: 1 };
    const deadline = Date.now() + 120_000;
    let run;
    for (;;) {
      [run] = await runsOf(id);
      if (run?.lastCheckpointUri && run.status === 'RUNNING') break;
      expect(run?.status).not.toBe('SUCCEEDED'); // too fast to catch: raise STEPS
      expect(Date.now()).toBeLessThan(deadline);
      await new Promise((r) => setTimeout(r, 100));
    }
    const key = run.workerIdentity === 'cpu-host' ? 'cpu' : 'gpu';
    const holder = hosts[key]!;
    const other = key === 'cpu' ? 'gpu-host' : 'cpu-host';
    killHost(holder);
    await holder.exited;

    // The retry waits for the training heartbeat timeout (20 s here) to notice the lost host.
    // Meanwhile the API restarts under the watch: its event stream drops, and it reconnects
    // with Last-Event-ID. The stream is open once the watch has read the sweep a second time
    // (on the stream's first ping), after its first read and the runs.
    const watching = cli(cluster, ['sweep', 'watch', id, '--json']);
    const sweepReads = () =>
      readFileSync(path.join(cluster.dir, 'api.log'), 'utf8').split(`"path":"/api/sweeps/${id}",`)
        .length - 1;
    const connectBy = Date.now() + 60_000;
    while (sweepReads() < 2) {
      expect(Date.now()).toBeLessThan(connectBy);
      await new Promise((r) => setTimeout(r, 100));
    }
    await cluster.restartApi();
    const watched = await watching;
    expect(watched.code).toBe(0);
    expect(watched.stderr).toContain(
      'the event stream dropped; reconnected, resuming after the last event',
    );
    const events = watched.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(events.filter((e) => e.event === 'run').at(-1)).toMatchObject({
      run: { id: run.id, status: 'SUCCEEDED', step: STEPS },
    });
    const [finished] = await runsOf(id);
    expect(finished).toMatchObject({ status: 'SUCCEEDED', workerIdentity: other, step: STEPS });
    expect(finished!.attempt).toBeGreaterThanOrEqual(2);

    // The attempt that finished says where it resumed (the activity's result in the history).
    const connection = await Connection.connect({ address: cluster.serviceEnv.TEMPORAL_ADDRESS });
    try {
      const history = await new Client({ connection }).workflow
        .getHandle(sweepWorkflowId(id))
        .fetchHistory();
      const outcomes = (history.events ?? [])
        .map((e) => e.activityTaskCompletedEventAttributes?.result?.payloads?.[0]?.data)
        .filter((d): d is Uint8Array => d != null && d.length > 0) // void results are empty
        .map((d) => JSON.parse(Buffer.from(d).toString('utf8')) as Record<string, unknown>)
        .filter((o) => o['runId'] === finished!.id && 'resumedFromStep' in o);
      expect(outcomes).toHaveLength(1);
      const resumedFrom = outcomes[0]!['resumedFromStep'] as number;
      expect(resumedFrom).toBeGreaterThan(0);
      expect(resumedFrom % CHECKPOINT_INTERVAL).toBe(0);
    } finally {
      await connection.close();
    }

    // The lost machine comes back (the gpu queue has no other worker).
    hosts[key] = await startHostWorker(cluster, holder.name, HOST_QUEUES[key]!);
  });
});

describe('the remote CLI', () => {
  it('refuses an invalid spec locally, naming each field by its path; nothing is sent (exit 2)', async () => {
    const before = await cluster.db.sweep.count();
    const file = path.join(cluster.dir, 'bad.yaml');
    writeFileSync(
      file,
      'name: bad\nseedNetwork: fmnist-cnn\ngrid:\n  strengths: []\n  thresholds: [0.01]\n',
    );
    const res = await cli(cluster, ['sweep', 'submit', file]);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain(`${file} is not a valid sweep spec:`);
    expect(res.stderr).toMatch(/\n {2}grid\.strengths: /);
    expect(res.stderr).toMatch(/\n {2}budget: /);

    const json = await cli(cluster, ['sweep', 'submit', file, '--json']);
    expect(json.code).toBe(2);
    const error = JSON.parse(json.stdout).error;
    expect(error.exitCode).toBe(2);
    expect(error.issues.map((i: { path: string }) => i.path)).toContain('grid.strengths');

    const broken = path.join(cluster.dir, 'broken.yaml');
    writeFileSync(broken, 'name: [unclosed\n');
    expect((await cli(cluster, ['sweep', 'submit', broken])).stderr).toContain(`${broken}: `);
    expect(await cluster.db.sweep.count()).toBe(before);
  });

  it('bad usage and unknown ids exit 2; an unreachable API or a missing token exit 3', async () => {
    const usage = await cli(cluster, ['sweep', 'frobnicate']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain(
      'unknown sweep sub-command "frobnicate"; expected submit, list, watch, resume, cancel',
    );
    expect((await cli(cluster, ['sweep', 'watch', 'not-an-id'])).stderr).toContain(
      '<sweepId> must be a UUID, got "not-an-id"',
    );
    expect((await cli(cluster, ['sweep', 'list', '--limit', 'x'])).code).toBe(2);

    const unknown = await cli(cluster, ['sweep', 'watch', randomUUID(), '--json']);
    expect(unknown.code).toBe(2);
    expect(JSON.parse(unknown.stdout).error).toMatchObject({ status: 404, exitCode: 2 });

    const dead = `http://127.0.0.1:${await freePort()}`;
    const unreachable = await cli(cluster, ['sweep', 'list'], { MORPHSWEEP_API_URL: dead });
    expect(unreachable.code).toBe(3);
    expect(unreachable.stderr).toContain(`cannot reach the API at ${dead} (MORPHSWEEP_API_URL)`);

    const file = writeSpec('noauth.json', spec('no token'));
    const noToken = await cli(cluster, ['sweep', 'submit', file], { MORPHSWEEP_API_TOKEN: '' });
    expect(noToken.code).toBe(3);
    expect(noToken.stderr).toContain('401');
    expect(noToken.stderr).toContain('MORPHSWEEP_API_TOKEN is not set');
    const wrong = await cli(cluster, ['sweep', 'cancel', sweeps['gpu']!.id], {
      MORPHSWEEP_API_TOKEN: 'not-the-token-0123456789',
    });
    expect(wrong.code).toBe(3);
    expect(wrong.stderr).toContain('MORPHSWEEP_API_TOKEN was refused');
  });

  it('lists sweeps as a table and as the API page', async () => {
    const json = await cli(cluster, ['sweep', 'list', '--json']);
    expect(json.code).toBe(0);
    const page = JSON.parse(json.stdout);
    expect(page).toMatchObject({ offset: 0, limit: 50 });
    const ids = page.items.map((s: { id: string }) => s.id);
    for (const { id } of Object.values(sweeps)) expect(ids).toContain(id);
    expect(page.items.find((s: { id: string }) => s.id === sweeps['gpu']!.id)).toMatchObject({
      name: 'gpu sweep',
      status: 'SUCCEEDED',
      total: 2,
    });

    const text = await cli(cluster, ['sweep', 'list', '--status', 'SUCCEEDED', '--limit', '2']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^id +name +status +done +created\n/);
    expect(text.stdout).toMatch(/\(2 of \d+; --offset 2 for more\)/);
  });

  it('resume is refused for a sweep with nothing to resume (exit 2)', async () => {
    const res = await cli(cluster, ['sweep', 'resume', sweeps['gpu']!.id]);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('409');
  });

  it('cancel stops a sweep (watch exits 1); resume runs its cancelled cells again (watch exits 0)', async () => {
    const id = await submit(
      writeSpec(
        'cancel.json',
        spec('cancel sweep', {
          budget: {
            steps: 1000,
            batchSize: 16,
            learningRate: 0.01,
            evalInterval: 500,
            checkpointInterval: 500,
          },
        }),
      ),
    );
    sweeps['cancel'] = { id, cells: 2 };
    // Cancelled mid-training, so there is work to resume (a training learns of it at its
    // next heartbeat, at most 5 s later: the worker's heartbeat throttle).
    const deadline = Date.now() + 120_000;
    while (!(await runsOf(id)).some((r) => r.status === 'RUNNING')) {
      expect(Date.now()).toBeLessThan(deadline);
      await new Promise((r) => setTimeout(r, 100));
    }
    const cancelled = await cli(cluster, ['sweep', 'cancel', id, '--json']);
    expect(cancelled.code).toBe(0);
    expect(JSON.parse(cancelled.stdout)).toMatchObject({ id });

    const watchCancelled = await cli(cluster, ['sweep', 'watch', id]);
    expect(watchCancelled.code).toBe(1);
    expect(watchCancelled.stdout).toContain(`sweep ${id} (cancel sweep): CANCELLED`);
    expect((await runsOf(id)).map((r) => r.status)).toContain('CANCELLED');

    const resumed = await cli(cluster, ['sweep', 'resume', id]);
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toContain(`sweep ${id}: resume sent`);
    const watchResumed = await cli(cluster, ['sweep', 'watch', id]);
    expect(watchResumed.code).toBe(0);
    expect(watchResumed.stdout).toContain(`sweep ${id} (cancel sweep): SUCCEEDED`);
  });

  it("promotes a run once, exports its structure, then the retraining's TF.js model", async () => {
    const [run] = await runsOf(sweeps['gpu']!.id);
    const first = await cli(cluster, ['run', 'promote', run!.id, '--json']);
    expect(first.code).toBe(0);
    const promoted = JSON.parse(first.stdout);
    expect(promoted).toMatchObject({ created: true, retrainingId: expect.any(String) });
    const again = await cli(cluster, ['run', 'promote', run!.id]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`promoted before: retraining ${promoted.retrainingId}`);

    const runDir = path.join(cluster.dir, 'export-run');
    const exportedRun = await cli(cluster, ['run', 'export', run!.id, '--out', runDir, '--json']);
    expect(exportedRun.code).toBe(0);
    expect(JSON.parse(exportedRun.stdout)).toMatchObject({ kind: 'run', id: run!.id });
    expect(JSON.parse(readFileSync(path.join(runDir, 'structure.json'), 'utf8'))).toEqual(
      run!.structure,
    );
    expect(
      JSON.parse(readFileSync(path.join(runDir, 'network.json'), 'utf8')).layers.length,
    ).toBeGreaterThan(0);

    const retraining = promoted.retrainingId as string;
    const deadline = Date.now() + 120_000;
    for (;;) {
      const row = await cluster.db.retraining.findUnique({ where: { id: retraining } });
      if (row?.status === 'SUCCEEDED') break;
      expect(row?.status).not.toBe('FAILED');
      expect(Date.now()).toBeLessThan(deadline);
      await new Promise((r) => setTimeout(r, 250));
    }
    const modelDir = path.join(cluster.dir, 'export-model');
    const exported = await cli(cluster, ['run', 'export', retraining, '--out', modelDir]);
    expect(exported.code).toBe(0);
    expect(exported.stdout).toContain(`retraining ${retraining} exported to ${modelDir}:`);
    const model = JSON.parse(readFileSync(path.join(modelDir, 'model.json'), 'utf8'));
    expect(model.format).toBe('layers-model');
    expect(model.weightsManifest[0].paths).toEqual(['model.weights.bin']);
    expect(existsSync(path.join(modelDir, 'model.weights.bin'))).toBe(true);
    expect(existsSync(path.join(modelDir, 'network.json'))).toBe(true);
  });
});

describe('at the end', () => {
  it('every row is accounted for: runs, one metric point per step, checkpoints in S3 only', async () => {
    const store = createArtifactStore(cluster.serviceEnv.ARTIFACTS_URL, cluster.serviceEnv);
    for (const [name, { id, cells }] of Object.entries(sweeps)) {
      const runs = await runsOf(id);
      expect(
        runs.map((r) => r.status),
        name,
      ).toEqual(Array(cells).fill('SUCCEEDED'));
      for (const run of runs) {
        const metrics = await cluster.db.runMetric.findMany({ where: { runId: run.id } });
        expect(metrics.length, name).toBeGreaterThan(0);
        expect(new Set(metrics.map((m) => m.step)).size).toBe(metrics.length);
        const checkpoints = await cluster.db.artifact.findMany({
          where: { runId: run.id, kind: 'CHECKPOINT' },
        });
        expect(checkpoints.length, name).toBeGreaterThan(0);
        expect(new Set(checkpoints.map((c) => c.uri)).size).toBe(checkpoints.length);
        for (const c of checkpoints) {
          expect(c.uri.startsWith(cluster.serviceEnv.ARTIFACTS_URL)).toBe(true);
          const key = c.uri.slice(cluster.serviceEnv.ARTIFACTS_URL.length + 1);
          expect((await store.stat(key))?.sha256).toBe(c.sha256);
        }
      }
    }
    // No host kept anything of its own: everything went through Postgres and S3.
    for (const host of Object.values(hosts))
      expect(readdirSync(path.join(host.hostDir, 'work'))).toEqual([]);
  });

  it('SIGTERM: a worker drains and exits 0', async () => {
    const alive = Object.values(hosts).filter(
      (h) => h.child.exitCode === null && h.child.signalCode === null,
    );
    expect(alive.length).toBe(3);
    for (const host of alive) {
      expect(await stopHostWorker(host)).toBe(0);
      expect(host.output()).toContain('SIGTERM: stopping');
      expect(host.output()).toContain(`worker ${host.name} stopped`);
    }
  });
});
