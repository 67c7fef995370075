// Screenshots of every dashboard page for docs/screenshots/, taken with Debian's Chromium
// (`apt-get install chromium`) through playwright-core, against a running MorphSweep:
//   node scripts/screenshots.mjs http://127.0.0.1:3000
// It uses the newest sweep and the knee of its Pareto frontier (else its most accurate run).
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const base = process.argv[2] ?? 'http://127.0.0.1:3000';
const out = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'screenshots');
mkdirSync(out, { recursive: true });

const json = async (p) => (await fetch(`${base}${p}`)).json();
const sweep = (await json('/api/sweeps?limit=1')).items[0];
if (!sweep) throw new Error('no sweep to show: submit one first');
const knee = (await json(`/api/sweeps/${sweep.id}`)).pareto?.knee;
const run =
  knee ?? (await json(`/api/sweeps/${sweep.id}/runs?sortBy=accuracy&order=desc&limit=1`)).items[0];

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
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
const pages = [
  ['sweeps-list', '/', 'h1'],
  ['submit', '/sweeps/new', 'form'],
  ['sweep', `/sweeps/${sweep.id}`, 'table'],
  ['run', `/runs/${run.id}`, 'h2'],
];
for (const [width, suffix] of [
  [1280, ''],
  [390, '-phone'],
]) {
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  for (const [name, route, ready] of pages) {
    await page.goto(`${base}${route}`);
    await page.waitForSelector(ready);
    await page.waitForTimeout(800); // let charts lay out
    await page.screenshot({ path: path.join(out, `${name}${suffix}.png`), fullPage: true });
    console.log(`docs/screenshots/${name}${suffix}.png`);
  }
  await page.close();
}
await browser.close();
