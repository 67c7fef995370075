import type { RunState } from './run-states';

/** Where a sweep workflow is. */
export type SweepPhase = 'starting' | 'running' | 'pareto' | 'retraining' | 'cancelling' | 'done';

/** What the sweep workflow's progress query answers. Counts cover every cell of the sweep. */
export interface SweepProgress {
  sweepId: string;
  phase: SweepPhase;
  total: number;
  counts: Record<RunState, number>;
  /** FAILED cells that ended STRUCTURE_COLLAPSED (included in `counts.FAILED`; see `isCollapsedRun`). */
  collapsed: number;
  /** Runs on the Pareto frontier as last computed, sorted by cost. */
  frontierRunIds: string[];
  hypervolume: number | null;
  kneeRunId: string | null;
  /** How many times this sweep continued as new so far. */
  generation: number;
  cancelRequested: boolean;
}
