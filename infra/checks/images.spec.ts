import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { InfraTools } from '@morphsweep/devstack';
import { chartDir, dockerfile, infraTools, parseYamlDocuments, root, run } from './support';

const composeFile = path.join(root, 'docker-compose.yml');
// Placeholder secrets: the compose file requires them (`${VAR:?}`).
const COMPOSE_ENV = {
  ...process.env,
  API_TOKEN: 'placeholder-token-0123456789',
  POSTGRES_PASSWORD: 'placeholder',
  S3_SECRET_ACCESS_KEY: 'placeholder',
};

let tools: InfraTools;
beforeAll(async () => {
  tools = await infraTools();
});

/** The Dockerfile's stage names (`FROM … AS <name>`). */
function stages(text: string): string[] {
  return [...text.matchAll(/^FROM\s+\S+\s+AS\s+(\S+)/gim)].map((m) => m[1] ?? '');
}

describe('the Dockerfile', () => {
  it('passes hadolint', () => {
    const ran = run(tools.hadolint, ['--no-color', dockerfile]);
    expect(ran.stdout + ran.stderr).toBe('');
    expect(ran.code).toBe(0);
  });

  it('hadolint catches what it should (a pinned-less base, root, cd in RUN)', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'hadolint-'));
    const bad = path.join(dir, 'Dockerfile');
    writeFileSync(bad, 'FROM node\nRUN cd /app && npm ci\n');
    const ran = run(tools.hadolint, ['--no-color', bad]);
    expect(ran.code).not.toBe(0);
    expect(ran.stdout).toMatch(/DL3006/);
    expect(ran.stdout).toMatch(/DL3003/);
  });

  it('has the three image targets, each running as a non-root user with a health check', () => {
    const text = readFileSync(dockerfile, 'utf8');
    expect(stages(text)).toEqual(expect.arrayContaining(['api', 'worker', 'worker-gpu']));
    for (const target of ['api', 'worker', 'worker-gpu']) {
      const body = text
        .split(/^FROM /m)
        .find((s) => new RegExp(`AS ${target}\\s*$`, 'm').test(s.split('\n')[0] ?? ''));
      expect(body, target).toMatch(/^USER 1000:1000$/m);
      expect(body, target).toMatch(/^HEALTHCHECK /m);
    }
  });

  it('names only scripts that exist (health checks, migration)', () => {
    const sources = [
      dockerfile,
      composeFile,
      ...readdirSync(path.join(chartDir, 'templates')).map((f) =>
        path.join(chartDir, 'templates', f),
      ),
    ];
    const scripts = new Set(
      sources.flatMap((f) =>
        [...readFileSync(f, 'utf8').matchAll(/infra\/docker\/[\w-]+\.mjs/g)].map((m) => m[0]),
      ),
    );
    expect([...scripts].sort()).toEqual([
      'infra/docker/api-healthcheck.mjs',
      'infra/docker/migrate.mjs',
      'infra/docker/worker-healthcheck.mjs',
    ]);
    for (const script of scripts) expect(existsSync(path.join(root, script)), script).toBe(true);
  });

  it('runs entry points the build produces (each dist/*.js has its src/*.ts)', () => {
    const text = readFileSync(dockerfile, 'utf8');
    const entries = [
      ...new Set(
        [...text.matchAll(/((?:apps|libs)\/[\w-]+)\/dist\/([\w.-]+)\.js/g)].map(
          (m) => `${m[1]}/src/${m[2]}.ts`,
        ),
      ),
    ];
    expect(entries.sort()).toEqual([
      'apps/api/src/main.ts',
      'apps/worker/src/main.ts',
      'libs/devstack/src/tensorflow.main.ts',
    ]);
    for (const entry of entries) expect(existsSync(path.join(root, entry)), entry).toBe(true);
  });
});

describe('docker-compose.yml', () => {
  it('loads with Docker Compose’s own loader, the GPU profile included', () => {
    const ran = run(tools.composeCheck, [composeFile], {
      env: { ...COMPOSE_ENV, COMPOSE_PROFILES: 'gpu' },
    });
    expect(ran.stderr).toBe('');
    expect(ran.code).toBe(0);
    expect(ran.stdout.trim()).toBe(
      'valid: services api, migrate, postgres, s3, temporal, temporal-namespace, temporal-schema, temporal-ui, worker-control, worker-cpu, worker-gpu',
    );
  });

  it('refuses to start without its secrets, naming each', () => {
    const { API_TOKEN: _omitted, ...env } = COMPOSE_ENV;
    const ran = run(tools.composeCheck, [composeFile], { env });
    expect(ran.code).toBe(1);
    expect(ran.stderr).toContain('required variable API_TOKEN is missing a value');
  });

  it('the checker rejects a service depending on one that does not exist', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'compose-'));
    const bad = path.join(dir, 'compose.yml');
    writeFileSync(bad, 'services:\n  api:\n    image: x\n    depends_on: [db]\n');
    const ran = run(tools.composeCheck, [bad]);
    expect(ran.code).toBe(1);
    expect(ran.stderr).toContain('service "api" depends on undefined service "db"');
  });

  it('builds every MorphSweep service from a target the Dockerfile has', async () => {
    const [compose] = await parseYamlDocuments<{
      services: Record<string, { build?: { dockerfile: string; target: string } }>;
    }>(readFileSync(composeFile, 'utf8'));
    const targets = stages(readFileSync(dockerfile, 'utf8'));
    const built = Object.entries(compose?.services ?? {}).filter(([, s]) => s.build);
    expect(built.map(([name]) => name).sort()).toEqual([
      'api',
      'migrate',
      'worker-control',
      'worker-cpu',
      'worker-gpu',
    ]);
    for (const [name, service] of built) {
      expect(path.join(root, service.build?.dockerfile ?? ''), name).toBe(dockerfile);
      expect(targets, name).toContain(service.build?.target);
    }
  });
});
