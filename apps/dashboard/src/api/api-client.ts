import type { RunState, SweepState, SweepSpecInput } from '@morphsweep/contracts';
import type {
  Candidate,
  Dataset,
  MetricPage,
  NetworkInspection,
  Page,
  Retraining,
  Run,
  RunDetail,
  RunPoint,
  StrengthSuggestion,
  Sweep,
  SweepDetail,
  SweepSummary,
  ZooNetwork,
} from './types';

export interface RunQuery {
  offset?: number;
  limit?: number;
  status?: RunState;
  sortBy?: 'cellIndex' | 'cost' | 'accuracy' | 'status';
  order?: 'asc' | 'desc';
}

/**
 * Everything the dashboard asks of MorphSweep. Pages depend on this interface only (the
 * HTTP implementation is provided through React context), so tests can give a fake.
 */
export interface ApiClient {
  listSweeps(query: {
    offset?: number;
    limit?: number;
    status?: SweepState;
  }): Promise<Page<SweepSummary>>;
  getSweep(id: string): Promise<SweepDetail>;
  /** Submits a sweep; a retry of one submission passes the same `idempotencyKey`. */
  createSweep(spec: SweepSpecInput, idempotencyKey: string): Promise<Sweep>;
  listRuns(sweepId: string, query: RunQuery): Promise<Page<Run>>;
  /** Every run of the sweep as a chart point (all of them, unpaged). */
  listRunPoints(sweepId: string): Promise<RunPoint[]>;
  getRun(id: string): Promise<RunDetail>;
  /** The run's curve: downsampled to at most `maxPoints` by the API (its extremes kept). */
  getRunMetrics(id: string, query: { maxPoints: number }): Promise<MetricPage>;
  cancelSweep(id: string): Promise<Sweep>;
  resumeSweep(id: string): Promise<Sweep>;
  promoteRun(id: string): Promise<{ retrainingId: string; workflowId: string; created: boolean }>;
  /** Every retraining of the sweep (all pages), newest first. */
  listRetrainings(sweepId: string): Promise<Page<Retraining>>;
  /** A run's structure at each evaluation step and alive threshold (spec field `candidates`). */
  listRunCandidates(runId: string): Promise<Candidate[]>;
  listZoo(): Promise<ZooNetwork[]>;
  /** Registered datasets, newest first, with what their registration found. */
  listDatasets(): Promise<Page<Dataset>>;
  suggestStrengths(network: string, target: MorphnetTarget): Promise<StrengthSuggestion>;
  /** Checks and sizes an uploaded network description; rejects with its issues (`network.<layer>.<field>`). */
  inspectNetwork(
    network: Record<string, unknown>,
    target: MorphnetTarget,
  ): Promise<NetworkInspection>;
}

export interface MorphnetTarget {
  family: string;
  resource: string;
  hardware?: string;
}

/** A failed API call, with the API's error body (and its field issues, for a 400). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: Array<{ path: string; message: string }> = [],
  ) {
    super(message);
  }
}
