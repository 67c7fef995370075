import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { StudyConfig } from './config';

/** A structure-learning run as the study keeps it (from `GET /api/sweeps/:id/runs`). */
export interface StudyRun {
  id: string;
  strength: number;
  threshold: number;
  status: string;
  cost: number | null;
  accuracy: number | null;
  structure: Record<string, number> | null;
  structureHash: string | null;
  paretoOptimal: boolean;
  errorCode: string | null;
  startedAt: string | null;
  finishedAt: string | null;
}

/** One retraining from scratch (one seed of a learned structure or of its baseline). */
export interface StudyRetraining {
  id: string;
  sourceRunId: string | null;
  kind: 'LEARNED' | 'WIDTH_MULTIPLIER';
  /** Which of the policy's seeds (0-based), and its RNG seed; null from an API with one seed. */
  replica: number | null;
  seed: number | null;
  status: string;
  finalAccuracy: number | null;
  measuredCost: number | null;
  parameters: number | null;
  errorCode: string | null;
  startedAt: string | null;
  finishedAt: string | null;
}

/** A frontier run chosen for a target fraction of the seed's FLOPs. */
export interface Selection {
  target: number;
  runId: string;
  /** Its cost / the seed's. */
  fraction: number;
  /**
   * Whether it was Pareto-optimal by proxy accuracy; false when the frontier had no run for
   * the target and the nearest other run stood in. Absent in results from before.
   */
  onFrontier?: boolean;
}

/** One family's sweep, from submission to its retrainings. */
export interface FamilyResult {
  family: string;
  network: string;
  seedCost: number;
  suggestion: { logRange: [number, number]; count: number };
  strengths: number[];
  thresholds: number[];
  idempotencyKey: string;
  /** Digest of the submitted spec (`specDigest`): a rerun must ask for the same sweep. */
  specDigest?: string;
  sweepId?: string;
  sweepStatus?: string;
  runs: StudyRun[];
  selected: Selection[];
  promoted: string[];
  retrainings: StudyRetraining[];
}

/** A step of the driver, with when it ended and the load then. */
export interface StepRecord {
  step: string;
  at: string;
  load: [number, number, number];
}

/** Everything a study measured: what `report` renders, what a rerun continues from. */
export interface StudyResults {
  config: string;
  /** The configuration it ran (what `report` reads its budgets from). */
  plan?: StudyConfig;
  command: string;
  machine: { cpu: string; cores: number; node: string };
  startedAt: string;
  updatedAt: string;
  families: FamilyResult[];
  steps: StepRecord[];
  /** 1-minute load average, sampled while waiting. */
  loadSamples: Array<{ at: string; load1: number }>;
}

/** Reads the results file at `file`, or undefined when there is none yet. */
export function readResults(file: string): StudyResults | undefined {
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as StudyResults;
  } catch (error) {
    throw new Error(
      `the results file ${file} is not valid JSON (${(error as Error).message}); move it away to start over`,
    );
  }
}

/** Writes `results` to `file` atomically (a crash never leaves half a checkpoint). */
export function writeResults(file: string, results: StudyResults): void {
  mkdirSync(path.dirname(file), { recursive: true });
  results.updatedAt = new Date().toISOString();
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, JSON.stringify(results, null, 2) + '\n');
  renameSync(tmp, file);
}
