// The sweep page's interactions, timed from the input to the changed rows painted: sorting,
// filtering and paging the runs table, and where on the Pareto chart a point can be hovered.
// Written against what both the SVG chart of before and the canvas chart of now render.
import type { Page } from 'playwright-core';

type Row = { what: string; ms: number | null; note?: string };

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

const firstRow = (page: Page) =>
  page.evaluate(() => document.querySelector('table tbody tr a')?.textContent ?? '');

// Milliseconds from `act` to the runs table's first row changing, painted, main thread free.
async function timeChange(page: Page, act: () => Promise<void>): Promise<number> {
  const before = await firstRow(page);
  const t0 = performance.now();
  await act();
  await page.waitForFunction(
    (b) => (document.querySelector('table tbody tr a')?.textContent ?? '') !== b,
    before,
    { polling: 'raf', timeout: 120_000 },
  );
  await page.evaluate(
    () => new Promise<void>((r) => requestAnimationFrame(() => setTimeout(() => r(), 0))),
  );
  return performance.now() - t0;
}

/** Sort by cost (each click flips the order), filter failed ⇄ all, next ⇄ previous page. */
export async function timeInteractions(page: Page, repeat: number): Promise<Row[]> {
  const sorts: number[] = [];
  for (let i = 0; i < repeat; i++)
    sorts.push(
      await timeChange(page, () => page.getByRole('button', { name: 'Cost', exact: true }).click()),
    );
  const filters: number[] = [];
  for (let i = 0; i < repeat; i++)
    filters.push(
      await timeChange(page, () =>
        page
          .getByLabel('Show')
          .selectOption(i % 2 === 0 ? 'FAILED' : '')
          .then(() => undefined),
      ),
    );
  if (filters.length % 2 === 1)
    await timeChange(page, () =>
      page
        .getByLabel('Show')
        .selectOption('')
        .then(() => undefined),
    );
  const rows: Row[] = [
    { what: 'sort the runs table by cost', ms: median(sorts) },
    { what: 'filter the runs table (failed ⇄ all)', ms: median(filters) },
  ];
  const pager = page.getByRole('navigation', { name: 'runs pages' });
  if ((await pager.count()) === 0) {
    rows.push({ what: 'next page of the runs table', ms: null, note: 'no pager: one page of 500' });
    return rows;
  }
  const pages: number[] = [];
  for (let i = 0; i < repeat; i++)
    pages.push(
      await timeChange(page, () =>
        pager.getByRole('button', { name: i % 2 === 0 ? 'Next' : 'Previous' }).click(),
      ),
    );
  rows.push({ what: 'next page of the runs table (⇄ previous)', ms: median(pages) });
  return rows;
}

/**
 * Where the mouse shows a point's tooltip with the page scrolled to the top: an SVG symbol's
 * centre, or found on the canvas.
 */
export async function hoverTarget(page: Page): Promise<{ x: number; y: number }> {
  // Coordinates are the viewport's: the chart is in view at the top of the page.
  await page.evaluate(() => window.scrollTo(0, 0));
  const symbol = page.locator('.recharts-scatter-symbol').first();
  if ((await symbol.count()) > 0) {
    const box = (await symbol.boundingBox())!;
    return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  }
  const box = (await page.locator('figure canvas').first().boundingBox())!;
  const tooltip = page.locator('.tooltip').first();
  for (let y = box.y + 20; y < box.y + box.height - 50; y += 10) {
    for (let x = box.x + 80; x < box.x + box.width - 20; x += 4) {
      await page.mouse.move(x, y);
      if (await tooltip.isVisible()) return { x, y };
    }
  }
  throw new Error('no point to hover on the Pareto chart');
}
