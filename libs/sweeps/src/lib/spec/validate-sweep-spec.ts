import {
  DEFAULT_SUBMISSION_LIMITS,
  parseSweepSpec,
  type SpecIssue,
  type SubmissionLimits,
  type SweepSpec,
} from '@morphsweep/contracts';
import { ZOO_NETWORKS, type NetworkDescription } from '@morphsweep/morphnet';
import { networkCost } from '../cost/resource-function';
import { seedCostProblem } from '../cost/seed-cost.rule';
import { jsonDepth } from '../limits/json-depth';
import { networkLimitIssues } from '../limits/network-limits';
import { seedNetworkOf } from '../network/seed-network';
import { datasetFitIssues, datasetShapeOf } from '../dataset/dataset-fit.rule';

/** A validation outcome: the spec as it should be stored and its seed cost, or every issue. */
export type SweepSpecValidation =
  | { ok: true; spec: SweepSpec; seedCost: number }
  | { ok: false; issues: SpecIssue[]; seedCost?: undefined };

type SeedCheck = { network: NetworkDescription; seedCost: number } | { issues: SpecIssue[] };

function checkSeed(spec: SweepSpec, limits: SubmissionLimits): SeedCheck {
  if (typeof spec.seedNetwork === 'string' && !ZOO_NETWORKS.includes(spec.seedNetwork)) {
    const message = `unknown zoo network "${spec.seedNetwork}"; known: ${ZOO_NETWORKS.join(', ')}`;
    return { issues: [{ path: 'seedNetwork', message }] };
  }
  try {
    const network = seedNetworkOf(spec);
    const limited = networkLimitIssues(network, largestBatch(spec), limits, 'seedNetwork');
    if (limited.length > 0) return { issues: limited };
    const seedCost = networkCost(network, spec.morphnet);
    const problem = seedCostProblem(seedCost, spec.morphnet);
    if (problem !== undefined) return { issues: [{ path: 'seedNetwork', message: problem }] };
    const fit = datasetFit(network, spec);
    if (fit.length > 0) return { issues: fit };
    return { network, seedCost };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const path = /hardware/i.test(message) ? 'morphnet.hardware' : 'seedNetwork';
    return { issues: [{ path, message }] };
  }
}

// A registered dataset the caller did not resolve (the API always does) cannot be checked.
function datasetFit(network: NetworkDescription, spec: SweepSpec): SpecIssue[] {
  const shape = datasetShapeOf(spec.dataset);
  if (shape) return datasetFitIssues(network, shape);
  const message = `the registered dataset "${(spec.dataset as { dataset: string }).dataset}" was not looked up; submit through the API`;
  return [{ path: 'dataset.dataset', message }];
}

// Retraining trains the same network (slimmed, or the width baseline at seed cost) with its
// own budget, so the larger batch bounds the activations of both.
function largestBatch(spec: SweepSpec): number {
  const retrain = spec.retrain.policy === 'none' ? undefined : spec.retrain.budget;
  return Math.max(spec.budget.batchSize, retrain?.batchSize ?? 0);
}

function subsetIssues(spec: SweepSpec, limits: SubmissionLimits): SpecIssue[] {
  const size = spec.dataset.subsetSize;
  if (size === undefined || size <= limits.maxSubsetSize) return [];
  const message = `subsetSize ${size} is over the limit of ${limits.maxSubsetSize} examples`;
  return [{ path: 'dataset.subsetSize', message }];
}

/**
 * Full validation of a submitted sweep spec: how deeply it nests (before anything recursive
 * reads it), the contract's schema (fields, grid size, strengths, threshold ranges), the
 * submission limits (subset size, the seed's layers, parameters and activation bytes × batch
 * size), and the checks that need morphnet — the zoo name exists, a network description
 * parses, its cost in the chosen resource is finite and positive (known hardware for latency),
 * and its input shape and number of outputs fit the dataset (a registered one as the API
 * resolved it into `dataset.resolved`).
 * Never throws; the API answers 400 with `issues`, each naming the limit and the value.
 *
 * The returned spec is what to store: a description in `seedNetwork` is replaced by the
 * network morphnet parsed (defaults filled in, unknown keys dropped), never the raw input.
 *
 * It lives in the sweep domain rather than in `@morphsweep/contracts` because contracts
 * imports nothing internal; the API, the CLI and the worker's activities all call it here.
 */
export function validateSweepSpec(
  input: unknown,
  limits: SubmissionLimits = DEFAULT_SUBMISSION_LIMITS,
): SweepSpecValidation {
  const depth = jsonDepth(input);
  if (depth > limits.maxJsonDepth) {
    const message = `the spec nests ${depth} levels deep; the limit is ${limits.maxJsonDepth}`;
    return { ok: false, issues: [{ path: '', message }] };
  }
  const parsed = parseSweepSpec(input);
  if (!parsed.ok) return parsed;
  const subset = subsetIssues(parsed.spec, limits);
  const seed = checkSeed(parsed.spec, limits);
  const issues = [...subset, ...('issues' in seed ? seed.issues : [])];
  if (issues.length > 0 || 'issues' in seed) return { ok: false, issues };
  const spec =
    typeof parsed.spec.seedNetwork === 'string'
      ? parsed.spec
      : { ...parsed.spec, seedNetwork: seed.network };
  return { ok: true, spec, seedCost: seed.seedCost };
}
