// The dashboard at 10,000 runs in one sweep, in Debian's Chromium against the real API and a
// real PostgreSQL: page load to interactive, sort, filter, next page, hover a point, open a
// run, a run of 100,000 points; and the API's list and metrics latencies. Medians of
// --repeat. --root=<checkout> measures another commit's API and dashboard on the same data
// (a `git worktree` with node_modules linked; see docs/benchmarks.md).
// Usage: npx tsx --conditions=@morphsweep/source bench/dashboard/dashboard.bench.ts [--runs=10000] [--repeat=5] [--root=.]
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { execSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { applyMigrations, createDb } from '@morphsweep/db';
import { startTestStack, workspaceRoot } from '@morphsweep/devstack';
import { hoverTarget, timeInteractions } from './interactions';
import { seedBenchmarkData } from './seed-sweep';

const args = Object.fromEntries(
  process.argv.slice(2).map((a) => {
    const [k, v = 'true'] = a.replace(/^--/, '').split('=');
    return [k!, v];
  }),
);
const RUNS = Number(args['runs'] ?? 10_000);
const REPEAT = Number(args['repeat'] ?? 5);
const LONG_CURVE = Number(args['long-curve'] ?? 100_000);
const ROOT = path.resolve(args['root'] ?? workspaceRoot());
const LABEL = args['label'] ?? (ROOT === workspaceRoot() ? 'this checkout' : ROOT);
// --build=false: use the dist/ folders as they are (built by hand, e.g. a checkout whose
// typecheck fails for reasons of its own while tsc still emits).
const BUILD = args['build'] !== 'false';

// The longest wait for a page to be ready.
const WAIT_MS = 120_000;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const log = (m: string) => console.error(`[bench] ${m}`);

async function main(): Promise<void> {
  if (BUILD) {
    log(`building the API and dashboard of ${ROOT} (Nx caches it)…`);
    const build = spawnSync(
      path.join(ROOT, 'node_modules', '.bin', 'nx'),
      ['run-many', '-t', 'build', '--projects=@morphsweep/api,@morphsweep/dashboard'],
      { cwd: ROOT, env: { ...process.env, NX_DAEMON: 'false', NX_TUI: 'false' }, stdio: 'inherit' },
    );
    if (build.status !== 0) throw new Error(`the build in ${ROOT} failed (or pass --build=false)`);
  }

  const stack = await startTestStack({ postgres: 'real' });
  let api: ChildProcess | undefined;
  try {
    const url = stack.info.databaseUrl!;
    await applyMigrations(url, path.join(ROOT, 'prisma', 'migrations'));
    const db = createDb(url);
    log(`seeding ${RUNS.toLocaleString('en')} runs…`);
    const seeded = await seedBenchmarkData(db, {
      runs: RUNS,
      pointsPerRun: 20,
      longCurve: LONG_CURVE,
      bulkySweeps: 20,
      bulkySpecBytes: 1_000_000,
    });
    await db.$disconnect();
    const started = await startApi(url);
    api = started.child;
    const base = started.url;
    log(`API at ${base}`);

    const apiRows = await apiLatencies(base, seeded);
    print(apiRows); // first, in case the browser part fails
    const browser = await chromium.launch({
      executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
    try {
      const uiRows = await browserTimings(browser, base, seeded);
      print([...uiRows, ...apiRows]);
    } finally {
      await browser.close();
    }
  } finally {
    api?.kill('SIGTERM');
    await stack.stop();
  }
}

// The built API (`node apps/api/dist/main.js`, as `morphsweep up` runs it) on a free port.
async function startApi(databaseUrl: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [path.join(ROOT, 'apps/api/dist/main.js')], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      API_HOST: '127.0.0.1',
      API_PORT: '0',
      TEMPORAL_ADDRESS: '127.0.0.1:1', // connected lazily; nothing here talks to Temporal
      ARTIFACTS_URL: `file://${mkdtempSync(path.join(os.tmpdir(), 'bench-ui-'))}`,
      DASHBOARD_DIR: path.join(ROOT, 'apps/dashboard/dist'),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /listening on (http:\/\/\S+?)\/api/.exec(out);
      if (m) resolve(m[1]!.replace('[::1]', '127.0.0.1'));
    });
    child.once('exit', (code) => reject(new Error(`the API exited (${code}) before listening`)));
  });
  child.stdout!.resume();
  return { child, url };
}

type Row = { what: string; ms: number | null; note?: string };

async function apiLatencies(
  base: string,
  s: { sweepId: string; longRunId: string },
): Promise<Row[]> {
  const cases: Array<[string, string]> = [
    ['API GET /api/sweeps?limit=500 (21 sweeps, 20 with 1 MB specs)', '/api/sweeps?limit=500'],
    ['API GET /api/sweeps/:id', `/api/sweeps/${s.sweepId}`],
    [
      'API GET /api/sweeps/:id/runs?limit=100&sortBy=cost',
      `/api/sweeps/${s.sweepId}/runs?limit=100&sortBy=cost`,
    ],
    ['API GET /api/sweeps/:id/points (every run)', `/api/sweeps/${s.sweepId}/points`],
    [
      `API GET /api/runs/:id (a ${LONG_CURVE.toLocaleString('en')}-point run)`,
      `/api/runs/${s.longRunId}`,
    ],
    [
      `API GET /api/runs/:id/metrics?maxPoints=1000 (of ${LONG_CURVE.toLocaleString('en')})`,
      `/api/runs/${s.longRunId}/metrics?maxPoints=1000`,
    ],
    [
      'API GET /api/runs/:id/metrics?afterStep=50000&limit=1000',
      `/api/runs/${s.longRunId}/metrics?afterStep=50000&limit=1000`,
    ],
  ];
  const rows: Row[] = [];
  for (const [what, p] of cases) {
    const times: number[] = [];
    let bytes = 0;
    let status = 0;
    for (let i = 0; i < REPEAT + 1; i++) {
      const t0 = performance.now();
      const res = await fetch(`${base}${p}`);
      bytes = (await res.arrayBuffer()).byteLength;
      status = res.status;
      if (i > 0) times.push(performance.now() - t0); // the first one warms the pool
    }
    rows.push(
      status === 200
        ? { what, ms: median(times), note: `${(bytes / 1e6).toFixed(2)} MB` }
        : { what, ms: null, note: `HTTP ${status}: not in this version` },
    );
  }
  return rows;
}

async function browserTimings(
  browser: import('playwright-core').Browser,
  base: string,
  s: { sweepId: string; longRunId: string },
): Promise<Row[]> {
  const loads: number[] = [];
  let page: Page | undefined;
  for (let i = 0; i < REPEAT; i++) {
    // A fresh context each time: nothing cached, as a first visit.
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    const t0 = performance.now();
    await page.goto(`${base}/sweeps/${s.sweepId}`);
    await page.waitForFunction(
      () =>
        document.querySelector('figure[aria-label^="Pareto frontier"]') !== null &&
        document.querySelectorAll('table tbody tr').length > 0 &&
        (document.querySelector('figure canvas') ??
          document.querySelector('.recharts-scatter-symbol')) !== null,
      undefined,
      { polling: 'raf', timeout: WAIT_MS },
    );
    await idle(page);
    loads.push(performance.now() - t0);
    if (i < REPEAT - 1) await context.close();
  }
  const drawn = await page!
    .locator('figure[aria-label^="Pareto frontier"]')
    .getAttribute('aria-label');
  const rows: Row[] = [
    { what: 'sweep page: load to interactive', ms: median(loads), note: drawn ?? '' },
  ];
  rows.push(...(await timeInteractions(page!, REPEAT)));

  const target = await hoverTarget(page!);
  const hovers: number[] = [];
  const opens: number[] = [];
  for (let i = 0; i < REPEAT; i++) {
    await page!.mouse.move(1, 1);
    await page!.locator('.tooltip').first().waitFor({ state: 'hidden' });
    const t0 = performance.now();
    await page!.mouse.move(target.x, target.y);
    await page!.locator('.tooltip').first().waitFor({ state: 'visible' });
    hovers.push(performance.now() - t0);
    const t1 = performance.now();
    await page!.mouse.click(target.x, target.y);
    await runPageReady(page!);
    opens.push(performance.now() - t1);
    await page!.goBack();
    await page!.locator('figure[aria-label^="Pareto frontier"]').waitFor();
    await idle(page!);
    await page!.evaluate(() => window.scrollTo(0, 0));
  }
  rows.push({ what: 'hover a point: tooltip shown', ms: median(hovers) });
  rows.push({ what: 'click a point: its run page ready', ms: median(opens) });

  // The old run page drew every point with SVG: it may take longer than the wait allows.
  const longs: number[] = [];
  let timedOut = false;
  for (let i = 0; i < REPEAT && !timedOut; i++) {
    const t0 = performance.now();
    await page!.goto(`${base}/runs/${s.longRunId}`);
    try {
      await runPageReady(page!);
      longs.push(performance.now() - t0);
    } catch (error) {
      if (!(error instanceof Error && error.name === 'TimeoutError')) throw error;
      timedOut = true;
    }
  }
  rows.push({
    what: `run page of a ${LONG_CURVE.toLocaleString('en')}-point run: load to curves drawn`,
    ms: timedOut ? null : median(longs),
    ...(timedOut ? { note: `not drawn within ${WAIT_MS / 1000} s` } : {}),
  });
  return rows;
}

/** The run page with its curves and structure drawn, and the main thread free. */
async function runPageReady(page: Page): Promise<void> {
  await page.waitForFunction(
    () =>
      location.pathname.startsWith('/runs/') &&
      document.querySelector('figure[aria-label*="learned against seed"]') !== null &&
      (document.querySelectorAll('.recharts-line').length > 0 ||
        document.body.textContent!.includes('No points yet')),
    undefined,
    { polling: 'raf', timeout: WAIT_MS },
  );
  await idle(page);
}

/** Resolves once the page has painted a frame and run a task after it (input would be handled). */
function idle(page: Page): Promise<void> {
  return page.evaluate(
    () => new Promise<void>((r) => requestAnimationFrame(() => setTimeout(() => r(), 0))),
  );
}

function print(rows: Row[]): void {
  const cpu =
    execSync('lscpu')
      .toString()
      .match(/Model name:\s*(.+)/)?.[1]
      ?.trim() ?? 'unknown CPU';
  const load = os.loadavg()[0]!.toFixed(1);
  console.log(
    `\nMachine: ${cpu}, ${os.cpus().length} CPUs, load (1 min) ${load}, Node ${process.version}; ${LABEL}`,
  );
  console.log(
    `Command: npx tsx --conditions=@morphsweep/source bench/dashboard/dashboard.bench.ts ${process.argv.slice(2).join(' ')}`,
  );
  console.log(`Data: one sweep of ${RUNS.toLocaleString('en')} runs; medians of ${REPEAT}\n`);
  console.log('| measure | median ms | note |');
  console.log('| --- | --- | --- |');
  for (const r of rows)
    console.log(
      `| ${r.what} | ${r.ms === null ? '—' : Math.round(r.ms).toLocaleString('en')} | ${r.note ?? ''} |`,
    );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
