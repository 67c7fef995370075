import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  chartDir,
  infraTools,
  KUBE_VERSION,
  parseYamlDocuments,
  run,
  type Manifest,
} from './support';
import type { InfraTools } from '@morphsweep/devstack';

// The values files CI renders: the least a release needs, Temporal Cloud with a GPU pool, an
// ingress and KEDA, and self-hosted Temporal over mTLS with static S3 keys.
const VALUES = ['minimal', 'gpu-cloud', 'mtls'] as const;
// Custom resources the Kubernetes schemas cannot know; checked field by field below instead.
const KEDA_KINDS = ['ScaledObject', 'TriggerAuthentication'];

let tools: InfraTools;
beforeAll(async () => {
  tools = await infraTools();
});

function template(...args: string[]) {
  return run(tools.helm, ['template', 'ms', chartDir, '--kube-version', KUBE_VERSION, ...args]);
}

async function render(values: (typeof VALUES)[number]): Promise<Manifest[]> {
  const ran = template('-f', path.join(chartDir, 'ci', `${values}-values.yaml`));
  expect(ran.stderr).toBe('');
  expect(ran.code).toBe(0);
  return parseYamlDocuments(ran.stdout);
}

const byKind = (manifests: Manifest[], kind: string) => manifests.filter((m) => m.kind === kind);
const named = (manifests: Manifest[], kind: string, name: string) => {
  const found = manifests.find((m) => m.kind === kind && m.metadata.name === name);
  if (!found) throw new Error(`no ${kind} ${name} rendered`);
  return found;
};
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- rendered manifests are untyped JSON
const podSpec = (deployment: Manifest): any => (deployment.spec as any).template.spec;
const envOf = (deployment: Manifest): Record<string, unknown> =>
  Object.fromEntries(
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    podSpec(deployment).containers[0].env.map((e: any) => [e.name, e.value ?? e.valueFrom]),
  );

describe('helm lint', () => {
  it.each(VALUES)('passes --strict with %s values', (values) => {
    const ran = run(tools.helm, [
      'lint',
      chartDir,
      '--strict',
      '--kube-version',
      KUBE_VERSION,
      '-f',
      path.join(chartDir, 'ci', `${values}-values.yaml`),
    ]);
    expect(ran.stdout).toContain('0 chart(s) failed');
    expect(ran.code).toBe(0);
  });
});

describe('rendered manifests against the Kubernetes schemas', () => {
  it.each(VALUES)('%s: every object validates strictly (no unknown fields)', async (values) => {
    const ran = template('-f', path.join(chartDir, 'ci', `${values}-values.yaml`));
    expect(ran.code).toBe(0);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'chart-'));
    const file = path.join(dir, `${values}.yaml`);
    writeFileSync(file, ran.stdout);
    const validated = run(tools.kubernetesValidate, ['-k', KUBE_VERSION, '--strict', file]);
    expect(validated.stdout + validated.stderr).not.toMatch(/ERROR/);
    expect(validated.code).toBe(0);
    const manifests = await parseYamlDocuments(ran.stdout);
    const passed = (validated.stdout.match(/ passed for resource /g) ?? []).length;
    const custom = manifests.filter((m) => KEDA_KINDS.includes(m.kind)).length;
    // Every object either passed its schema or is one of KEDA's custom resources.
    expect(passed + custom).toBe(manifests.length);
  });

  it('the validator rejects a manifest that breaks the schema', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'chart-'));
    const file = path.join(dir, 'bad.yaml');
    writeFileSync(
      file,
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: bad }\n' +
        'spec:\n  replicas: two\n  selector: { matchLabels: { a: b } }\n' +
        '  template:\n    metadata: { labels: { a: b } }\n    spec: { containers: [{ name: c, image: i, colour: red }] }\n',
    );
    const validated = run(tools.kubernetesValidate, ['-k', KUBE_VERSION, '--strict', file]);
    expect(validated.code).not.toBe(0);
    expect(validated.stdout + validated.stderr).toMatch(/replicas/);
  });
});

describe('what the chart renders', () => {
  it('minimal: the API, a control and a CPU worker, the migration hook after its Secret', async () => {
    const manifests = await render('minimal');
    expect(byKind(manifests, 'Deployment').map((d) => d.metadata.name)).toEqual([
      'ms-morphsweep-api',
      'ms-morphsweep-worker-control',
      'ms-morphsweep-worker-cpu',
    ]);
    expect(envOf(named(manifests, 'Deployment', 'ms-morphsweep-worker-control'))).toMatchObject({
      WORKER_QUEUES: 'control',
      TRAINING_SLOTS: '1',
      TEMPORAL_ADDRESS: 'temporal-frontend.temporal.svc.cluster.local:7233',
    });
    const secret = named(manifests, 'Secret', 'ms-morphsweep');
    const job = named(manifests, 'Job', 'ms-morphsweep-migrate');
    for (const hook of [secret, job])
      expect(hook.metadata.annotations?.['helm.sh/hook']).toBe('pre-install,pre-upgrade');
    expect(Number(secret.metadata.annotations?.['helm.sh/hook-weight'])).toBeLessThan(
      Number(job.metadata.annotations?.['helm.sh/hook-weight']),
    );
    expect(podSpec(job).containers[0].command).toEqual(['node', 'infra/docker/migrate.mjs']);
    expect(byKind(manifests, 'Ingress')).toEqual([]);
    expect(byKind(manifests, 'ScaledObject')).toEqual([]);
  });

  it('gpu-cloud: a GPU pool worker with its GPUs, node selector, toleration, slots and image', async () => {
    const manifests = await render('gpu-cloud');
    const gpu = named(manifests, 'Deployment', 'ms-morphsweep-worker-a100');
    const pod = podSpec(gpu);
    expect(pod.containers[0].image).toBe(
      'registry.example.com/morphsweep/morphsweep-worker-gpu:0.1.0',
    );
    expect(pod.containers[0].resources.limits['nvidia.com/gpu']).toBe(1);
    expect(pod.nodeSelector).toEqual({ 'cloud.google.com/gke-accelerator': 'nvidia-tesla-a100' });
    expect(pod.tolerations).toEqual([
      { key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' },
    ]);
    expect(envOf(gpu)).toMatchObject({
      WORKER_QUEUES: 'gpu',
      TRAINING_SLOTS: '2',
      MORPHSWEEP_BACKEND: 'node-gpu',
    });
    // KEDA owns an autoscaled worker's replica count.
    expect(gpu.spec).not.toHaveProperty('replicas');
    expect(envOf(named(manifests, 'Deployment', 'ms-morphsweep-api'))).toHaveProperty(
      'TEMPORAL_API_KEY',
    );
  });

  it('gpu-cloud: each autoscaled worker scales on the backlog of its own training queue', async () => {
    const manifests = await render('gpu-cloud');
    const deployments = byKind(manifests, 'Deployment').map((d) => d.metadata.name);
    const auths = byKind(manifests, 'TriggerAuthentication');
    const scaled = byKind(manifests, 'ScaledObject');
    expect(scaled.map((s) => s.metadata.name)).toEqual([
      'ms-morphsweep-worker-cpu',
      'ms-morphsweep-worker-a100',
    ]);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const triggers = scaled.map((s) => (s.spec as any).triggers[0]);
    expect(triggers.map((t) => [t.type, t.metadata.taskQueue, t.metadata.targetQueueSize])).toEqual(
      [
        ['temporal', 'morphnet-train-cpu', '2'],
        ['temporal', 'morphnet-train-gpu', '2'],
      ],
    );
    for (const s of scaled) {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      const spec = s.spec as any;
      expect(deployments).toContain(spec.scaleTargetRef.name);
      const auth = auths.find((a) => a.metadata.name === spec.triggers[0].authenticationRef.name);
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      expect((auth?.spec as any).secretTargetRef.map((r: any) => r.parameter)).toEqual(['apiKey']);
    }
    const ingress = named(manifests, 'Ingress', 'ms-morphsweep');
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    expect((ingress.spec as any).rules[0].http.paths[0].backend.service.name).toBe(
      'ms-morphsweep-api',
    );
  });

  it.each(VALUES)(
    '%s: every Secret a pod reads is rendered or named as existing',
    async (values) => {
      const manifests = await render(values);
      const existing = ['morphsweep-database', 'morphsweep-s3', 'morphsweep-api-token'];
      const available = new Set([
        ...byKind(manifests, 'Secret').map((s) => s.metadata.name),
        ...existing,
      ]);
      const referenced = JSON.stringify(manifests).matchAll(
        /"(?:secretKeyRef|secret)":\{[^}]*"(?:name|secretName)":"([^"]+)"/g,
      );
      const names = [...referenced].map((m) => m[1]);
      expect(names.length).toBeGreaterThan(0);
      for (const name of names) expect(available).toContain(name);
    },
  );

  it('mtls: the TLS files are mounted where TEMPORAL_TLS_* point', async () => {
    const manifests = await render('mtls');
    const worker = named(manifests, 'Deployment', 'ms-morphsweep-worker-all');
    expect(envOf(worker)).toMatchObject({
      TEMPORAL_TLS_CERT: '/etc/morphsweep/temporal-tls/tls.crt',
      TEMPORAL_TLS_KEY: '/etc/morphsweep/temporal-tls/tls.key',
      TEMPORAL_TLS_CA: '/etc/morphsweep/temporal-tls/ca.crt',
      TEMPORAL_TLS_SERVER_NAME: 'temporal-frontend',
      S3_ENDPOINT: 'http://seaweedfs-s3.storage.svc:8333',
    });
    expect(podSpec(worker).containers[0].volumeMounts).toContainEqual({
      name: 'temporal-tls',
      mountPath: '/etc/morphsweep/temporal-tls',
      readOnly: true,
    });
    const tls = named(manifests, 'Secret', 'ms-morphsweep-temporal-tls');
    expect(Object.keys(tls['stringData'] as object).sort()).toEqual([
      'ca.crt',
      'tls.crt',
      'tls.key',
    ]);
  });
});

describe('bad values stop the render with a message naming the value', () => {
  const minimal = () => ['-f', path.join(chartDir, 'ci', 'minimal-values.yaml')];

  it('the defaults alone: no database', () => {
    const ran = template();
    expect(ran.code).not.toBe(0);
    expect(ran.stderr).toContain(
      'database.url (a postgresql:// URL) or database.existingSecret is required',
    );
  });

  it('a short API token', () => {
    const ran = template(...minimal(), '--set', 'api.token=short');
    expect(ran.code).not.toBe(0);
    expect(ran.stderr).toContain('api.token must be at least 16 characters');
  });

  it('an unknown queue', () => {
    const ran = template(
      ...minimal(),
      '--set',
      'workers[0].name=cpu',
      '--set',
      'workers[0].queues=tpu',
    );
    expect(ran.code).not.toBe(0);
    expect(ran.stderr).toMatch(/\/workers\/0\/queues.*tpu/);
  });

  it('autoscaling a worker that serves no training queue', () => {
    // --set on a list index would replace the whole list; a values file keeps the entry whole.
    const dir = mkdtempSync(path.join(os.tmpdir(), 'chart-'));
    const file = path.join(dir, 'values.yaml');
    writeFileSync(
      file,
      'workers:\n  - { name: control, queues: control, autoscaling: { enabled: true } }\n',
    );
    const ran = template(...minimal(), '-f', file);
    expect(ran.code).not.toBe(0);
    expect(ran.stderr).toContain(
      'workers[control].autoscaling: the worker serves no training queue',
    );
  });

  it('a client certificate without its key', () => {
    const ran = template(...minimal(), '--set', 'temporal.tls.cert=PEM');
    expect(ran.code).not.toBe(0);
    expect(ran.stderr).toContain('temporal.tls.cert and temporal.tls.key go together');
  });
});
