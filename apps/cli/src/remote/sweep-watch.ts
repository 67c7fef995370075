import { MultiBar, Presets, type SingleBar } from 'cli-progress';
import type { Page, RunResponse, SweepDetailResponse, SweepState } from '@morphsweep/contracts';
import { isFinalRunState } from '@morphsweep/contracts';
import type { ApiClient } from './api-client';
import { followEvents } from './event-stream';
import { EXIT } from './exit-codes';
import { formatNumber, formatPercent, formatTable, printJson } from './output';

/** The fields of a run the watch shows; a `run` event carries them too. */
type RunView = Pick<RunResponse, 'id' | 'cellIndex' | 'status' | 'step' | 'progress'> &
  Partial<
    Pick<
      RunResponse,
      'strength' | 'threshold' | 'cost' | 'accuracy' | 'errorCode' | 'workerIdentity'
    >
  >;

export async function getSweep(client: ApiClient, id: string): Promise<SweepDetailResponse> {
  return (await client.json<SweepDetailResponse>('GET', `/api/sweeps/${id}`)).body;
}

/** Every run of a sweep, in cell order (all pages). */
export async function listAllRuns(client: ApiClient, id: string): Promise<RunResponse[]> {
  const runs: RunResponse[] = [];
  for (;;) {
    const page = (
      await client.json<Page<RunResponse>>(
        'GET',
        `/api/sweeps/${id}/runs?limit=500&offset=${runs.length}`,
      )
    ).body;
    runs.push(...page.items);
    if (page.items.length === 0 || runs.length >= page.total) return runs;
  }
}

/** How the watch reports: bars on a terminal, a line per change otherwise, JSON lines with `--json`. */
interface View {
  update(run: RunView): void;
  stop(): void;
}

function label(run: RunView): string {
  return `run ${String(run.cellIndex).padStart(3)} s=${formatNumber(run.strength)} t=${formatNumber(run.threshold)}`;
}

function barView(steps: number): View {
  const multibar = new MultiBar(
    {
      format: '{label} [{bar}] {percentage}% | {status} step {value}/{total} {accuracy}',
      hideCursor: true,
      barsize: 20,
      clearOnComplete: false,
    },
    Presets.shades_classic,
  );
  const bars = new Map<string, SingleBar>();
  return {
    update(run) {
      const payload = {
        label: label(run),
        status: run.status,
        accuracy: run.accuracy == null ? '' : formatPercent(run.accuracy),
      };
      let bar = bars.get(run.id);
      if (!bar) bars.set(run.id, (bar = multibar.create(steps, run.step, payload)));
      bar.update(run.step, payload);
    },
    stop: () => multibar.stop(),
  };
}

function lineView(): View {
  const shown = new Map<string, string>();
  return {
    update(run) {
      // A line when the state changes or progress crosses a tenth, not for every step.
      const key = `${run.status} ${Math.floor(run.progress * 10)}`;
      if (shown.get(run.id) === key) return;
      shown.set(run.id, key);
      const result = isFinalRunState(run.status)
        ? ` cost ${formatNumber(run.cost)} accuracy ${formatPercent(run.accuracy)}${run.errorCode ? ` ${run.errorCode}` : ''}`
        : ` step ${run.step} (${Math.round(run.progress * 100)} %)`;
      console.log(`${label(run)} ${run.status}${result}`);
    },
    stop() {},
  };
}

function jsonView(): View {
  return { update: (run) => printJson({ event: 'run', run }, true), stop() {} };
}

/** The sweep's Pareto frontier joined with its runs, cheapest first. */
export function frontierRows(sweep: SweepDetailResponse, runs: readonly RunResponse[]) {
  const byId = new Map(runs.map((r) => [r.id, r]));
  return (sweep.pareto?.frontier ?? []).map((p) => {
    const run = byId.get(p.id);
    return {
      runId: p.id,
      cellIndex: run?.cellIndex ?? null,
      strength: run?.strength ?? null,
      threshold: run?.threshold ?? null,
      cost: p.cost,
      accuracy: p.accuracy,
      knee: sweep.pareto?.knee?.id === p.id,
    };
  });
}

export function printFrontier(sweep: SweepDetailResponse, runs: readonly RunResponse[]): void {
  const rows = frontierRows(sweep, runs);
  const counts = Object.entries(sweep.counts)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${s}`)
    .join(', ');
  console.log(`\nsweep ${sweep.id} (${sweep.name}): ${sweep.status} — ${counts || 'no runs'}`);
  if (rows.length === 0) {
    console.log('no Pareto frontier (no run succeeded)');
    return;
  }
  console.log(
    `Pareto frontier (cost in ${sweep.spec.morphnet.resource}, seed ${formatNumber(sweep.seedCost)}):`,
  );
  console.log(
    formatTable(
      ['run', 'strength', 'threshold', 'cost', 'accuracy', '', 'run id'],
      rows.map((r) => [
        String(r.cellIndex ?? '-'),
        formatNumber(r.strength),
        formatNumber(r.threshold),
        formatNumber(r.cost),
        formatPercent(r.accuracy),
        r.knee ? 'knee' : '',
        r.runId,
      ]),
      [0, 1, 2, 3, 4],
    ),
  );
}

const isFinalSweep = (status: SweepState) => isFinalRunState(status);

/**
 * `sweep watch`: each run's progress, live from `/api/events?sweepId=` (resumed with
 * Last-Event-ID after a drop, the runs re-read then), until the sweep is final; then its
 * frontier. Exit 0 when it SUCCEEDED, 1 when it FAILED or was CANCELLED.
 */
export async function watchSweep(client: ApiClient, id: string, json: boolean): Promise<number> {
  let sweep = await getSweep(client, id);
  const runs = new Map<string, RunView>();
  const view = json
    ? jsonView()
    : process.stdout.isTTY
      ? barView(sweep.spec.budget.steps)
      : lineView();
  const show = (run: RunView) => {
    const known = runs.get(run.id);
    const merged = { ...known, ...run } as RunView;
    runs.set(run.id, merged);
    view.update(merged);
  };
  const reload = async () => {
    for (const run of await listAllRuns(client, id)) show(run);
  };
  await reload();

  if (!isFinalSweep(sweep.status)) {
    const stop = new AbortController();
    const checkSweep = async () => {
      const now = await getSweep(client, id);
      if (!isFinalSweep(now.status)) return;
      sweep = now;
      stop.abort();
    };
    await followEvents(client, `/api/events?sweepId=${id}`, {
      signal: stop.signal,
      onEvent: async (event) => {
        // The sweep's own state has no event: it is read again when a run ends, and on every
        // ping (which also covers a sweep cancelled before its runs started).
        if (event.type === 'run') {
          const run = event.data as RunView;
          show(run);
          if (isFinalRunState(run.status)) await checkSweep();
        } else if (event.type === 'ping') await checkSweep();
      },
      onReconnect: async () => {
        console.error(
          'morphsweep: the event stream dropped; reconnected, resuming after the last event',
        );
        await reload();
        await checkSweep();
      },
    });
  }
  const all = await listAllRuns(client, id);
  // The sweep can be seen final (on a ping, or on the reload after a reconnect) before the
  // stream, which polls once a second, sent a run's last change: show what each run ended as.
  for (const run of all) {
    const shown = runs.get(run.id);
    if (shown?.status !== run.status || shown.step !== run.step) show(run);
  }
  view.stop();
  if (json) printJson({ event: 'done', sweep, frontier: frontierRows(sweep, all) }, true);
  else printFrontier(sweep, all);
  return sweep.status === 'SUCCEEDED' ? EXIT.ok : EXIT.failed;
}
