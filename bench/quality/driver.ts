import { createHash } from 'node:crypto';
import { loadavg } from 'node:os';
import { isResumableRun, strengthValues, type SweepSpecInput } from '@morphsweep/contracts';
import type { QualityApi, Retraining } from './api-client';
import type { FamilyPlan, StudyConfig } from './config';
import type { FamilyResult, StudyResults, StudyRetraining, StudyRun } from './results';
import { selectFrontierRuns } from './selection';

const POLL_MS = 10_000;
const FINAL = ['SUCCEEDED', 'FAILED', 'CANCELLED'];

/** What the driver needs around it: the API, the checkpoint, a log line. */
export interface DriverContext {
  api: QualityApi;
  config: StudyConfig;
  results: StudyResults;
  /** Writes the results file (a checkpoint: a rerun continues from it). */
  save(): void;
  log(line: string): void;
}

/** The sweep spec of one family's structure learning (its retraining waits for promotion). */
export function sweepSpecFor(
  config: StudyConfig,
  plan: FamilyPlan,
  strengths: number[],
): SweepSpecInput {
  return {
    name: `quality ${config.name}: ${plan.family}/flops on ${plan.network}`,
    seedNetwork: plan.network,
    dataset: {
      kind: 'fashion-mnist',
      ...(config.subsetSize ? { subsetSize: config.subsetSize } : {}),
    },
    morphnet: { family: plan.family, resource: 'flops' },
    grid: { strengths, thresholds: plan.thresholds },
    budget: { ...config.learn, ...(plan.learningRate ? { learningRate: plan.learningRate } : {}) },
    // One training at a time: the 2 cores are all one training's.
    concurrency: 1,
    retrain: { policy: 'manual', baseline: true, seeds: config.seeds, budget: config.retrain },
    seed: 0,
  };
}

function step(ctx: DriverContext, name: string): void {
  ctx.results.steps.push({
    step: name,
    at: new Date().toISOString(),
    load: loadavg() as [number, number, number],
  });
  ctx.save();
  ctx.log(name);
}

function sampleLoad(ctx: DriverContext): void {
  const last = ctx.results.loadSamples.at(-1);
  if (last && Date.now() - Date.parse(last.at) < 60_000) return;
  ctx.results.loadSamples.push({ at: new Date().toISOString(), load1: loadavg()[0]! });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A short digest of a sweep spec: part of its Idempotency-Key, checked on every rerun. */
export function specDigest(spec: SweepSpecInput): string {
  return createHash('sha256').update(JSON.stringify(spec)).digest('hex').slice(0, 12);
}

/**
 * Submits each family's sweep once: its Idempotency-Key (config, family, spec digest) finds
 * the same sweep on a rerun. Throws when the config now asks for a different sweep than the
 * results file's (a changed config must start over in a fresh data dir).
 */
async function submit(ctx: DriverContext): Promise<void> {
  for (const plan of ctx.config.families) {
    const suggestion = await ctx.api.strengthGrid(plan.network, plan.family, plan.suggestionCount);
    const all = strengthValues(suggestion.strengths);
    const strengths = plan.pick ? plan.pick.map((i) => all[i]!) : all;
    const spec = sweepSpecFor(ctx.config, plan, strengths);
    const digest = specDigest(spec);
    let family = ctx.results.families.find((f) => f.family === plan.family);
    if (!family) {
      family = {
        family: plan.family,
        network: plan.network,
        seedCost: suggestion.seedCost,
        suggestion: suggestion.strengths,
        strengths,
        thresholds: plan.thresholds,
        idempotencyKey: `quality-${ctx.config.name}-${plan.family}-${digest}`,
        specDigest: digest,
        runs: [],
        selected: [],
        promoted: [],
        retrainings: [],
      };
      ctx.results.families.push(family);
    }
    // Results from before digests were kept adopt the current spec's.
    family.specDigest ??= digest;
    if (family.specDigest !== digest)
      throw new Error(
        `the ${ctx.config.name} config's ${plan.family} sweep is no longer the one results.json holds (spec ${family.specDigest}, now ${digest}): start over with another --data-dir, or move the old one away`,
      );
    if (family.sweepId) continue;
    const sweep = await ctx.api.submitSweep(spec, family.idempotencyKey);
    family.sweepId = sweep.id;
    step(
      ctx,
      `submitted ${plan.family}: sweep ${sweep.id}, ${strengths.length * plan.thresholds.length} cells`,
    );
  }
}

function toRun(r: StudyRun): StudyRun {
  const {
    id,
    strength,
    threshold,
    status,
    cost,
    accuracy,
    structure,
    structureHash,
    paretoOptimal,
    errorCode,
    startedAt,
    finishedAt,
  } = r;
  return {
    id,
    strength,
    threshold,
    status,
    cost,
    accuracy,
    structure,
    structureHash,
    paretoOptimal,
    errorCode,
    startedAt,
    finishedAt,
  };
}

/** Waits until every cell of every family's sweep is final, keeping the runs as they go. */
async function awaitLearning(ctx: DriverContext, resume: boolean): Promise<void> {
  for (const family of ctx.results.families) {
    if (resume) await resumeInterrupted(ctx, family);
    for (;;) {
      const runs = (await ctx.api.runs(family.sweepId!)).map(toRun);
      family.runs = runs;
      family.sweepStatus = (await ctx.api.sweep(family.sweepId!)).status;
      sampleLoad(ctx);
      ctx.save();
      if (runs.length > 0 && runs.every((r) => FINAL.includes(r.status))) break;
      await sleep(POLL_MS);
    }
    const done = family.runs.filter((r) => r.status === 'SUCCEEDED').length;
    step(ctx, `learned ${family.family}: ${done} of ${family.runs.length} cells succeeded`);
  }
}

/**
 * With `--resume`: a sweep's cells that were cancelled (to fit a deadline) or failed other
 * than by collapsing (a worker that died) are resumed through the product (`POST
 * /api/sweeps/:id/resume`: they continue from their checkpoints; finished cells and
 * promoted structures are untouched). Without it a cancelled family stays as it is.
 */
async function resumeInterrupted(ctx: DriverContext, family: FamilyResult): Promise<void> {
  const runs = await ctx.api.runs(family.sweepId!);
  const interrupted = runs.filter(isResumableRun);
  if (interrupted.length === 0) return;
  await ctx.api.resume(family.sweepId!);
  // The workflow requeues the cells a moment after answering: until it has, they still read
  // as final, and the wait for learning would end at once.
  const ids = new Set(interrupted.map((r) => r.id));
  while ((await ctx.api.runs(family.sweepId!)).some((r) => ids.has(r.id) && isResumableRun(r)))
    await sleep(1000);
  step(ctx, `resumed ${family.family}: ${interrupted.length} interrupted cell(s)`);
}

function toRetraining(r: Retraining): StudyRetraining {
  return {
    id: r.id,
    sourceRunId: r.sourceRunId,
    kind: r.kind,
    replica: r.replica ?? null,
    seed: r.seed ?? null,
    status: r.status,
    finalAccuracy: r.finalAccuracy,
    measuredCost: r.measuredCost,
    parameters: r.parameters,
    errorCode: r.errorCode,
    startedAt: r.startedAt,
    finishedAt: r.finishedAt,
  };
}

/**
 * Promotes one chosen run and waits until its learned and baseline retrainings — `seeds`
 * of each, or one of each from an API that trains a single seed — are all final.
 */
async function retrainRun(ctx: DriverContext, family: FamilyResult, runId: string): Promise<void> {
  if (!family.promoted.includes(runId)) {
    await ctx.api.promote(runId);
    family.promoted.push(runId);
    step(ctx, `promoted ${family.family} run ${runId}`);
  }
  for (;;) {
    family.retrainings = (await ctx.api.retrainings(family.sweepId!)).map(toRetraining);
    sampleLoad(ctx);
    ctx.save();
    const mine = family.retrainings.filter((r) => r.sourceRunId === runId);
    const perSeed = mine.some((r) => r.seed !== null);
    const expected = 2 * (perSeed ? ctx.config.seeds : 1);
    if (mine.length >= expected && mine.every((r) => FINAL.includes(r.status))) break;
    await sleep(POLL_MS);
  }
  step(ctx, `retrained ${family.family} run ${runId}`);
}

/**
 * The study, each step resumable: submit, wait for structure learning, choose the frontier
 * runs near the targets, then (unless `learnOnly`) promote them one at a time — the middle
 * target first, families alternating, so whatever finishes is whole rows.
 */
export async function runStudy(
  ctx: DriverContext,
  options: { learnOnly: boolean; resume: boolean },
): Promise<void> {
  await submit(ctx);
  await awaitLearning(ctx, options.resume);
  for (const family of ctx.results.families) {
    // Chosen again on every rerun: promoted choices stay, free targets may find a run now.
    const kept = family.selected.filter((sel) => family.promoted.includes(sel.runId));
    family.selected = selectFrontierRuns(family.runs, family.seedCost, ctx.config.targets, kept);
    const picks = family.selected.map(
      (s) => `${s.target * 100} % → ${(s.fraction * 100).toFixed(1)} %`,
    );
    step(
      ctx,
      `selected ${family.family}: ${picks.join(', ') || 'nothing (no pruned frontier run)'}`,
    );
  }
  if (options.learnOnly) return;
  const order = [0.5, 0.25, 0.75, ...ctx.config.targets];
  const queue: Array<[FamilyResult, string]> = [];
  for (const target of order)
    for (const family of ctx.results.families)
      for (const s of family.selected)
        if (s.target === target && !queue.some(([, id]) => id === s.runId))
          queue.push([family, s.runId]);
  for (const [family, runId] of queue) await retrainRun(ctx, family, runId);
  step(ctx, 'done');
}
