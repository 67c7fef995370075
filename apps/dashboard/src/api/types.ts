import type { ParetoSummary, RunState, SweepState } from '@morphsweep/contracts';

/** Responses of the MorphSweep API, as the dashboard reads them. */
export interface Page<T> {
  items: T[];
  total: number;
  offset: number;
  limit: number;
}

export interface Sweep {
  id: string;
  name: string;
  status: SweepState;
  spec: {
    seedNetwork: unknown;
    morphnet: { family: string; resource: string; hardware?: string };
  } & Record<string, unknown>;
  seedCost: number | null;
  createdAt: string;
  counts: Record<RunState, number>;
  total: number;
}

export interface SweepDetail extends Sweep {
  pareto: ParetoSummary | null;
}

export interface Run {
  id: string;
  sweepId: string;
  cellIndex: number;
  strength: number;
  threshold: number;
  status: RunState;
  attempt: number;
  step: number;
  progress: number;
  structure: Record<string, number> | null;
  structureHash: string | null;
  cost: number | null;
  flops: number | null;
  modelSize: number | null;
  accuracy: number | null;
  regLoss: number | null;
  paretoOptimal: boolean;
  errorCode: string | null;
  error: string | null;
  workerIdentity: string | null;
  backend: string | null;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface MetricPoint {
  step: number;
  taskLoss: number;
  regLoss: number;
  cost: number;
  accuracy: number | null;
  examplesPerSecond: number | null;
}

export interface RunDetail extends Run {
  metrics: MetricPoint[];
  /** The seed network's widths under the structure's keys (null if the spec no longer parses). */
  seedWidths: Record<string, number> | null;
  artifacts: Array<{ uri: string; kind: string; sizeBytes: number; sha256: string }>;
}

export interface ZooNetwork {
  name: string;
  flops: number;
  modelSize: number;
  parameters: number;
  gated: boolean;
}

/** An uploaded network description, sized by the API (`POST /api/networks/inspect`). */
export interface NetworkInspection extends ZooNetwork {
  layers: number;
  seedCost: number;
  strengths: { logRange: [number, number]; count: number };
}

export interface StrengthSuggestion {
  seedCost: number;
  strengths: { logRange: [number, number]; count: number };
}

export interface ApiErrorBody {
  statusCode: number;
  code: string;
  message: string;
  issues?: Array<{ path: string; message: string }>;
}

export interface Retraining {
  id: string;
  sweepId: string;
  sourceRunId: string | null;
  kind: 'LEARNED' | 'WIDTH_MULTIPLIER';
  structureHash: string;
  trigger: 'AUTO' | 'PROMOTED';
  status: string;
  finalAccuracy: number | null;
  measuredCost: number | null;
  parameters: number | null;
  error: string | null;
  createdAt: string;
}
