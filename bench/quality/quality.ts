// MorphNet's retrained frontier against uniform width multipliers at matched FLOPs, driven
// through the product (docs/quality.md):
//   npx tsx --conditions=@morphsweep/source bench/quality/quality.ts --config=smoke|medium|full
//     [--learn-only]   stop after structure learning and the choice of runs (promote later)
//     [--resume]       resume the sweeps' cancelled or interrupted cells (then retrain what they find)
//     [--data-dir=DIR] default ~/.cache/morphsweep/quality/<config> (the stack's state, results.json)
//   npx tsx --conditions=@morphsweep/source bench/quality/quality.ts report --config=medium
//     renders docs/quality.md's generated block and docs/quality/<config>.svg from results.json
// Resumable: a rerun with the same config finds its sweeps (stable Idempotency-Keys), its
// promotions and its retrainings, and continues. MORPHSWEEP_API_URL drives a running MorphSweep.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as prettier from 'prettier';
import { cacheDir, workspaceRoot } from '@morphsweep/devstack';
import { QualityApi } from './api-client';
import { renderChart } from './chart';
import { STUDY_CONFIGS, studyConfig } from './config';
import { estimateStudy, measuredThroughput } from './estimate';
import { runStudy } from './driver';
import { chartSeries, renderReport, spliceReport } from './report';
import { readResults, writeResults, type StudyResults } from './results';
import { lockStudy } from './lock';
import { openStack, type StudyStack } from './stack';

const log = (line: string) =>
  console.log(`[quality ${new Date().toISOString().slice(11, 19)}] ${line}`);

function parseArgs(argv: string[]) {
  const flags = new Map<string, string>();
  const positional: string[] = [];
  for (const a of argv) {
    const m = /^--([^=]+)(?:=(.*))?$/.exec(a);
    if (m) flags.set(m[1]!, m[2] ?? 'true');
    else positional.push(a);
  }
  const known = new Set(['config', 'learn-only', 'data-dir', 'resume']);
  for (const k of flags.keys()) if (!known.has(k)) throw new Error(`unknown flag --${k}`);
  if (positional.length > 1 || (positional[0] && positional[0] !== 'report'))
    throw new Error(`unknown arguments ${positional.join(' ')}: the only command is "report"`);
  const config = studyConfig(flags.get('config') ?? 'smoke');
  const dataDir = path.resolve(
    flags.get('data-dir') ?? path.join(cacheDir(), 'quality', config.name),
  );
  return {
    config,
    dataDir,
    report: positional[0] === 'report',
    learnOnly: flags.has('learn-only'),
    resume: flags.has('resume'),
  };
}

function machine(): StudyResults['machine'] {
  const cpu =
    /Model name:\s*(.+)/.exec(execFileSync('lscpu', { encoding: 'utf8' }))?.[1]?.trim() ??
    os.cpus()[0]?.model ??
    'unknown';
  return { cpu, cores: os.cpus().length, node: process.version };
}

// `name` (the data dir's name: the config's, unless --data-dir says otherwise) names the
// doc's block and the chart, so a study in another data dir never overwrites the default's.
async function report(results: StudyResults, name: string): Promise<void> {
  const root = workspaceRoot();
  const chartFile = path.join(root, 'docs/quality', `${name}.svg`);
  const series = chartSeries(results);
  if (series.length > 0) {
    mkdirSync(path.dirname(chartFile), { recursive: true });
    writeFileSync(
      chartFile,
      renderChart({
        title: `MorphNet vs uniform width multipliers (${name})`,
        xLabel: 'FLOPs, % of the seed',
        yLabel: 'retrained test accuracy, % (mean ± sd over seeds)',
        series,
        xDomain: [0, 100],
      }),
    );
    log(`wrote ${path.relative(root, chartFile)}`);
  }
  const docFile = path.join(root, 'docs/quality.md');
  const config = results.plan ?? studyConfig(results.config);
  const throughput = measuredThroughput(results, config);
  const body = renderReport(results, {
    name,
    seeds: config.seeds,
    about: config.about,
    chartPath: `quality/${name}.svg`,
    throughput,
    // Only medium's figures scale: smoke's retrainings are mostly start-up and evaluation.
    estimates:
      config.name === 'medium'
        ? [{ name: 'full', estimate: estimateStudy(STUDY_CONFIGS.full, throughput) }]
        : [],
  });
  // Formatted as `npm test`'s prettier --check wants it: tables aligned, as they are committed.
  const doc = spliceReport(readFileSync(docFile, 'utf8'), name, body);
  const options = (await prettier.resolveConfig(docFile)) ?? {};
  writeFileSync(docFile, await prettier.format(doc, { ...options, filepath: docFile }));
  log(`wrote the ${name} block of docs/quality.md`);
}

async function main(): Promise<void> {
  const {
    config,
    dataDir,
    report: reportOnly,
    learnOnly,
    resume,
  } = parseArgs(process.argv.slice(2));
  const file = path.join(dataDir, 'results.json');
  const existing = readResults(file);
  if (reportOnly) {
    if (!existing) throw new Error(`no results at ${file}: run the study first`);
    await report(existing, path.basename(dataDir));
    return;
  }
  const results: StudyResults = existing ?? {
    config: config.name,
    command: `nice -n 19 npx tsx --conditions=@morphsweep/source bench/quality/quality.ts --config=${config.name}`,
    machine: machine(),
    startedAt: new Date().toISOString(),
    updatedAt: new Date().toISOString(),
    families: [],
    steps: [],
    loadSamples: [],
  };
  results.plan ??= config; // results from before plans were kept ran today's config
  if (results.config !== config.name)
    throw new Error(`${file} holds the ${results.config} study, not ${config.name}`);
  const unlock = lockStudy(dataDir);
  log(`${config.name}: ${config.about}; results in ${file}${existing ? ' (continuing)' : ''}`);
  // Ctrl-C or a kill: during start-up `up` is interrupted; afterwards the stack is stopped.
  const stopping = new AbortController();
  const held: { stack?: StudyStack } = {};
  const stop = () => {
    stopping.abort(); // during start-up: openStack rejects once `up` has exited
    if (held.stack) void held.stack.stop().finally(() => process.exit(130));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const stack = (held.stack = await openStack(path.join(dataDir, 'stack'), log, stopping.signal));
  try {
    await runStudy(
      {
        api: new QualityApi(stack.url),
        config,
        results,
        save: () => writeResults(file, results),
        log,
      },
      { learnOnly, resume },
    );
  } finally {
    writeResults(file, results);
    await stack.stop();
    unlock();
  }
  log(
    learnOnly
      ? 'structure learning done; rerun without --learn-only to retrain'
      : `done; render it: ${results.command.replace('--config', 'report --config')}`,
  );
}

void main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
