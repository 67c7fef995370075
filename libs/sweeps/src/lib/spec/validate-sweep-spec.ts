import {
  parseSweepSpec,
  type SpecIssue,
  type SpecValidation,
  type SweepSpec,
} from '@morphsweep/contracts';
import { ZOO_NETWORKS } from '@morphsweep/morphnet';
import { networkCost } from '../cost/resource-function';
import { seedNetworkOf } from '../network/seed-network';

function seedIssues(spec: SweepSpec): SpecIssue[] {
  if (typeof spec.seedNetwork === 'string' && !ZOO_NETWORKS.includes(spec.seedNetwork)) {
    return [
      {
        path: 'seedNetwork',
        message: `unknown zoo network "${spec.seedNetwork}"; known: ${ZOO_NETWORKS.join(', ')}`,
      },
    ];
  }
  try {
    networkCost(seedNetworkOf(spec), spec.morphnet);
    return [];
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const path = /hardware/i.test(message) ? 'morphnet.hardware' : 'seedNetwork';
    return [{ path, message }];
  }
}

/**
 * Full validation of a submitted sweep spec: the contract's schema (fields, grid size,
 * strengths, threshold ranges) plus the checks that need morphnet — the zoo name exists, a
 * network description parses, and its cost can be computed in the chosen resource (known
 * hardware for latency). Never throws; the API answers 400 with `issues`.
 *
 * It lives in the sweep domain rather than in `@morphsweep/contracts` because contracts
 * imports nothing internal; the API, the CLI and the worker's activities all call it here.
 */
export function validateSweepSpec(input: unknown): SpecValidation & { seedCost?: number } {
  const parsed = parseSweepSpec(input);
  if (!parsed.ok) return parsed;
  const issues = seedIssues(parsed.spec);
  if (issues.length > 0) return { ok: false, issues };
  return { ...parsed, seedCost: networkCost(seedNetworkOf(parsed.spec), parsed.spec.morphnet) };
}
