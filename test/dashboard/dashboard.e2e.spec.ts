import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workspaceRoot } from '@morphsweep/devstack';
import { portsEnv, runUp, type UpProcess } from '../support/run-up';

// The whole loop a user goes through, in Debian's Chromium against `morphsweep up`:
// upload a seed network, submit through the form, watch it finish live, read the frontier,
// promote, resume. Screenshots of each step land in test/dashboard/screenshots/ (ignored by
// git) for a human to look at; docs/screenshots come from a real Fashion-MNIST sweep
// (scripts/screenshots.mjs).
const SHOTS = path.join(workspaceRoot(), 'test', 'dashboard', 'screenshots');

// A small seed network of our own (docs/network-format.md), uploaded instead of a zoo name.
const conv = (name: string, input: string, filters: number) => [
  { name, op: 'conv2d', inputs: [input], filters, kernelSize: 3, strides: 2, useBias: false },
  { name: `${name}_bn`, op: 'batchNorm', inputs: [name] },
  { name: `${name}_relu`, op: 'relu', inputs: [`${name}_bn`] },
];
const MY_NETWORK = {
  format: 'morphsweep-network/v1',
  name: 'my-cnn',
  inputs: [{ name: 'image', shape: [28, 28, 1] }],
  layers: [
    ...conv('c1', 'image', 6),
    ...conv('c2', 'c1_relu', 12),
    { name: 'gap', op: 'globalAvgPool', inputs: ['c2_relu'] },
    { name: 'logits', op: 'dense', inputs: ['gap'], units: 10 },
  ],
  outputs: ['logits'],
};

describe('dashboard in a real browser', () => {
  let up: UpProcess;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    up = await runUp({
      MORPHSWEEP_DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'ui-')),
      ...(await portsEnv()),
    });
    browser = await chromium.launch({
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
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    mkdirSync(SHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await up?.interrupt();
  });

  it('submits a sweep, shows it finishing live with its frontier, promotes a run and resumes the failed one', async () => {
    await page.goto(`${up.url}/sweeps/new`);
    const zooField = page.locator('.field', {
      has: page.getByLabel('Seed network', { exact: true }),
    });
    await expect.poll(() => zooField.textContent()).toMatch(/FLOPs · .* weights · .* parameters/); // the zoo network's sizes

    // Upload a description: a broken one is named by layer and field, a good one is sized.
    await page.getByLabel('Seed network from').selectOption('upload');
    const files = mkdtempSync(path.join(os.tmpdir(), 'net-'));
    const broken = path.join(files, 'broken.json');
    writeFileSync(
      broken,
      JSON.stringify({
        ...MY_NETWORK,
        layers: MY_NETWORK.layers.map((l) => (l.name === 'c2' ? { ...l, filters: 0 } : l)),
      }),
    );
    await page.getByLabel('Network description').setInputFiles(broken);
    await expect
      .poll(() => page.locator('.field.invalid').textContent())
      .toMatch(/network\.c2\.filters/);
    const good = path.join(files, 'my-cnn.json');
    writeFileSync(good, JSON.stringify(MY_NETWORK));
    await page.getByLabel('Network description').setInputFiles(good);
    await expect
      .poll(() => page.locator('.field', { hasText: 'Network description' }).textContent())
      .toMatch(/my-cnn: 8 layers .* parameters/);

    await page.getByLabel('Name').fill('browser e2e');
    await page.getByLabel('Dataset').selectOption('synthetic');
    await page.getByLabel('Training subset (examples)').fill('256');
    await page.getByLabel('Strengths').selectOption('list');
    // 1e40 overflows float32: that cell's loss is not finite and it fails, deterministically.
    await page.getByLabel('Strength list (comma-separated)').fill('1e-7, 1e40');
    await page.getByLabel('Alive thresholds (comma-separated)').fill('0.1');
    await page.getByLabel('Steps', { exact: true }).fill('20');
    await page.getByLabel('Batch size').fill('32');
    await page.getByLabel('Evaluate every').fill('10');
    await page.getByLabel('Checkpoint every').fill('10');
    await page.getByLabel('Steps', { exact: true }).blur();
    await page.getByLabel('Batch size').fill('0');
    await expect.poll(() => page.locator('.field.invalid').count()).toBeGreaterThan(0); // inline validation
    await page.getByLabel('Batch size').fill('32');
    await page.screenshot({ path: path.join(SHOTS, 'submit.png'), fullPage: true });
    await page.getByRole('button', { name: 'Submit sweep' }).click();

    await page.waitForURL(/\/sweeps\/[0-9a-f-]{36}$/);
    const status = page.locator('.facts');
    await expect
      .poll(() => status.textContent(), { timeout: 120_000, interval: 1_000 })
      .toMatch(/1 succeeded .* 1 failed/);
    // The chart is a canvas: its label counts the runs drawn, hovering a run's mark names it.
    const chart = page.getByRole('figure', { name: /^Pareto frontier/ });
    await expect
      .poll(() => chart.getAttribute('aria-label'), { timeout: 10_000 })
      .toMatch(/: 1 runs, 1 on the frontier/);
    const shownSweep = page.url().split('/').pop()!;
    const succeeded = (
      (await (await fetch(`${up.url}/api/sweeps/${shownSweep}/points`)).json()) as {
        items: Array<{ cellIndex: number; status: string; accuracy: number | null }>;
      }
    ).items.find((p) => p.status === 'SUCCEEDED')!;
    expect(await hoverUntilTooltip(page, succeeded.accuracy!)).toContain(
      `run #${succeeded.cellIndex}`,
    );
    await page.screenshot({ path: path.join(SHOTS, 'sweep.png'), fullPage: true });

    const failedRow = page.locator('tr', { has: page.locator('.badge', { hasText: 'failed' }) });
    await expect
      .poll(() => failedRow.textContent())
      .toMatch(/DIVERGED|not finite|non-finite|NaN|Infinity/i);

    // Promote the succeeded run and see its retraining appear.
    await page
      .locator('tr', { has: page.locator('.badge', { hasText: 'succeeded' }) })
      .getByRole('link')
      .first()
      .click();
    await page.waitForURL(/\/runs\//);
    await expect
      .poll(() => page.locator('.recharts-line').count(), { timeout: 10_000 })
      .toBeGreaterThan(0);
    // Seed against learned widths of the uploaded network's two convolutions.
    await expect
      .poll(() =>
        page
          .getByRole('figure', { name: /learned against seed channels/ })
          .getAttribute('aria-label'),
      )
      .toMatch(/of 18 channels kept/);
    await page.screenshot({ path: path.join(SHOTS, 'run.png'), fullPage: true });
    await page.getByRole('button', { name: 'Promote to retraining' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('done');
    await page.getByRole('link', { name: '← sweep' }).click();
    await expect
      .poll(() => page.locator('table').last().textContent(), { timeout: 120_000, interval: 1_000 })
      .toMatch(/promoted/);
    // Once retrained, the structure shows on the chart next to its proxy point.
    await expect
      .poll(() => page.locator('figure.chart').first().getAttribute('aria-label'), {
        timeout: 120_000,
        interval: 1_000,
      })
      .toMatch(/1 retrained/);
    // …and on its run's page, next to the proxy accuracy.
    await page.goBack();
    await expect
      .poll(() => page.locator('section').textContent(), { timeout: 10_000 })
      .toMatch(/Learned structure, retrained\d+(\.\d)?% at/);
    await page.goForward();

    // Resume re-runs only the failed cell (it fails again: its strength still overflows).
    const sweepId = page.url().split('/').pop()!;
    const failedRun = async () =>
      (
        (await (await fetch(`${up.url}/api/sweeps/${sweepId}/runs?status=FAILED`)).json()) as {
          items: Array<{ attempt: number }>;
        }
      ).items[0];
    const attemptsBefore = (await failedRun())!.attempt;
    await page.getByRole('button', { name: 'Resume failed runs' }).click();
    await expect
      .poll(async () => (await failedRun())?.attempt ?? 0, { timeout: 120_000, interval: 1_000 })
      .toBeGreaterThan(attemptsBefore);
    await page.goto(`${up.url}/`);
    await page.screenshot({ path: path.join(SHOTS, 'sweeps-list.png'), fullPage: true });
  });
});

/**
 * Moves the mouse along the Pareto canvas' row of `accuracy` (the plot's accuracy axis runs
 * 0–1 over its height between fixed margins) until a mark's tooltip shows; returns its text.
 */
async function hoverUntilTooltip(page: Page, accuracy: number): Promise<string> {
  const box = (await page.locator('figure.pareto canvas').boundingBox())!;
  const [top, bottom] = [12, 50]; // the chart's margins (pareto-chart.tsx)
  const y = box.y + top + (1 - accuracy) * (box.height - top - bottom);
  const tooltip = page.getByRole('tooltip');
  for (let x = box.x; x < box.x + box.width; x += 4) {
    await page.mouse.move(x, y);
    if (await tooltip.isVisible()) return (await tooltip.textContent()) ?? '';
  }
  throw new Error(`no mark on the Pareto chart at accuracy ${accuracy}`);
}
