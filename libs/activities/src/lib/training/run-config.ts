import { sweepSpecSchema, type SweepSpec } from '@morphsweep/contracts';
import type { Run, Sweep } from '@morphsweep/db';
import { seedNetworkOf } from '@morphsweep/sweeps';
import type { LearnStructureConfig } from '@morphsweep/training';

/** The stored spec of a sweep, parsed again (a row written by another version may not fit). */
export function specOf(sweep: Sweep): SweepSpec {
  return sweepSpecSchema.parse(sweep.spec);
}

/**
 * The structure-learning configuration of one grid cell. All cells share the sweep's seed.
 * With `candidates` in the spec, the structure is also read at its thresholds (default: the
 * grid's) on every evaluation.
 */
export function learnConfigFor(
  spec: SweepSpec,
  run: Pick<Run, 'strength' | 'threshold'>,
): LearnStructureConfig {
  return {
    network: seedNetworkOf(spec),
    dataset: spec.dataset,
    target: spec.morphnet,
    strength: run.strength,
    threshold: run.threshold,
    budget: spec.budget,
    seed: spec.seed,
    ...(spec.candidates
      ? { candidateThresholds: spec.candidates.thresholds ?? spec.grid.thresholds }
      : {}),
  };
}
