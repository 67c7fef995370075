// The state the fake activities work on: sweeps, their cells and retrainings, in memory,
// plus gates that hold an activity until a test releases it. Plays the part Postgres and the
// training loops play in production; deterministic, so tests assert exact outcomes.
import type { SweepPlan } from '@morphsweep/activities';
import type { ErrorCode, RunState, SweepState, TaskQueue } from '@morphsweep/contracts';

/**
 * What a fake training attempt does: succeed, fail permanently, fail retryably (`flake`, as
 * a database or store outage does), or train until cancelled.
 */
export type FakeBehaviour = 'succeed' | 'block' | 'flake' | { fail: ErrorCode } | { gate: string };

/** The learned result of a fake cell. */
export interface FakeCellResult {
  cost: number;
  accuracy: number;
  structureHash: string;
}

/** A grid cell (the `Run` row). */
export interface FakeRun {
  id: string;
  sweepId: string;
  index: number;
  strength: number;
  threshold: number;
  /** The refinement round that added it; absent for a cell of the submitted grid. */
  refineRound?: number;
  /** Whether its training collapses (fails STRUCTURE_COLLAPSED) unless `learn` says otherwise. */
  collapses?: boolean;
  status: RunState;
  /** Training attempts started (each `learnStructure` call). */
  attempts: number;
  errorCode?: ErrorCode;
  result: FakeCellResult;
  /** Whether the last attempt saw its cancellation (the activity acknowledged it). */
  cancelObserved?: boolean;
}

/** A `Retraining` row. */
export interface FakeRetraining {
  id: string;
  sweepId: string;
  sourceRunId: string;
  kind: 'LEARNED' | 'WIDTH_MULTIPLIER';
  /** The structure retrained: the source run's own, or one of its candidates. */
  structureHash: string;
  replica: number;
  seed: number;
  trigger: 'AUTO' | 'PROMOTED';
  workflowId: string;
  status: RunState;
  errorCode?: ErrorCode;
  /** Training attempts started (each `retrainStructure` call). */
  attempts: number;
  finalAccuracy?: number;
  measuredCost?: number;
  /** Task queue its training ran on. */
  queue?: TaskQueue;
}

/** A sweep as a test describes it: its grid size, spec fields and fake training behaviour. */
export interface FakeSweepInput {
  id: string;
  /** Number of cells; with `grid`, its strengths × thresholds (row-major) instead. */
  cells: number;
  concurrency: number;
  /** The grid's values (default: strength 10^(index − 8), threshold 0.1). */
  grid?: { strengths: number[]; thresholds: number[] };
  /** The spec's adaptive grid refinement. */
  refine?: { maxExtraCells: number; rounds: number };
  /** Candidates of the cells (the spec has `candidates` when given), by cell index. */
  candidates?: Array<{
    cell: number;
    step: number;
    threshold: number;
    structureHash: string;
    cost: number;
    accuracy: number;
  }>;
  /** The learned result at a strength and threshold, for grid and refined cells alike. */
  outcomeAt?: (strength: number, threshold: number) => Partial<FakeCellResult> | 'collapsed';
  accelerator?: 'cpu' | 'gpu';
  retrain?: Partial<SweepPlan['retrain']>;
  /** The retrain policy's `seeds`: retrainings from scratch per structure and kind (default 1). */
  seeds?: number;
  /** Per-cell overrides of the default results (cost and accuracy both fall with the index). */
  results?: Array<Partial<FakeCellResult> | undefined>;
  /** Cells already in a state when the workflow starts (a sweep resumed or restarted). */
  initial?: Record<number, RunState>;
  /** Error codes of those cells (a FAILED cell that collapsed in an earlier run). */
  initialCodes?: Record<number, ErrorCode>;
  /** Per attempt of each cell; default: succeed. */
  learn?: (run: FakeRun) => FakeBehaviour;
  retrainBehaviour?: (retraining: FakeRetraining) => FakeBehaviour;
}

/** A sweep of the world, with what the tests observe of its workflow. */
export interface FakeSweep extends Required<
  Pick<FakeSweepInput, 'id' | 'concurrency' | 'accelerator'>
> {
  input: FakeSweepInput;
  status: SweepState | 'CREATED';
  runIds: string[];
  retrain: SweepPlan['retrain'];
  seedCost: number;
  /** Cells training right now, the most at once, and the order cells were started in. */
  inFlight: number;
  maxInFlight: number;
  started: number[];
  /** Every `setSweepStatus` the workflow sent, in order. */
  statuses: SweepState[];
  /** Every `markRunFinal` the workflow sent, and how many `requeueFailedRuns`. */
  finals: Array<{ runId: string; status: RunState; errorCode: ErrorCode }>;
  requeues: number;
  /** `refineGrid` calls that found refinement still going (after the early returns). */
  refineCalls: number;
}

/** Holds an activity at a named point until released (once released, it stays open). */
export class Gate {
  released = false;
  private arrivedResolve!: () => void;
  private releaseResolve!: () => void;
  /** Resolves when an activity first waits at this gate. */
  readonly reached = new Promise<void>((r) => (this.arrivedResolve = r));
  private readonly opened = new Promise<void>((r) => (this.releaseResolve = r));

  arrive(): Promise<void> {
    this.arrivedResolve();
    return this.opened;
  }

  release(): void {
    this.released = true;
    this.releaseResolve();
  }
}

/** Sweeps, runs and retrainings in memory, keyed by id; one world per test file. */
export class FakeWorld {
  readonly sweeps = new Map<string, FakeSweep>();
  readonly runs = new Map<string, FakeRun>();
  readonly retrainings = new Map<string, FakeRetraining>();
  private readonly gates = new Map<string, Gate>();

  /** Adds a sweep and its cells (ids `<sweepId>-c<index>`), as the API would write them. */
  addSweep(input: FakeSweepInput): FakeSweep {
    const values = input.grid
      ? input.grid.strengths.flatMap((strength) =>
          input.grid!.thresholds.map((threshold) => ({ strength, threshold })),
        )
      : Array.from({ length: input.cells }, (_, i) => ({
          strength: 10 ** (i - 8),
          threshold: 0.1,
        }));
    const runIds = values.map((_, i) => `${input.id}-c${i}`);
    const sweep: FakeSweep = {
      id: input.id,
      input,
      concurrency: input.concurrency,
      accelerator: input.accelerator ?? 'cpu',
      status: 'CREATED',
      runIds,
      retrain: { policy: 'manual', topK: 0, baseline: false, ...input.retrain },
      seedCost: 1000,
      inFlight: 0,
      maxInFlight: 0,
      started: [],
      statuses: [],
      finals: [],
      requeues: 0,
      refineCalls: 0,
    };
    this.sweeps.set(sweep.id, sweep);
    runIds.forEach((id, index) => {
      const { strength, threshold } = values[index]!;
      const at = input.outcomeAt?.(strength, threshold);
      const result = {
        cost: 1000 - 150 * index,
        accuracy: 0.9 - 0.05 * index,
        structureHash: `h${index}`,
        ...input.results?.[index],
        ...(at === 'collapsed' ? {} : at),
      };
      this.runs.set(id, {
        id,
        sweepId: sweep.id,
        index,
        strength,
        threshold,
        ...(at === 'collapsed' ? { collapses: true } : {}),
        status: input.initial?.[index] ?? 'QUEUED',
        ...(input.initialCodes?.[index] ? { errorCode: input.initialCodes[index] } : {}),
        attempts: 0,
        result,
      });
    });
    return sweep;
  }

  /** Adds a cell refinement chose, as the refineGrid activity writes it. */
  addRefinedCell(sweepId: string, strength: number, threshold: number, round: number): FakeRun {
    const sweep = this.sweep(sweepId);
    const index = sweep.runIds.length;
    const at = sweep.input.outcomeAt?.(strength, threshold);
    const run: FakeRun = {
      id: `${sweepId}-c${index}`,
      sweepId,
      index,
      strength,
      threshold,
      refineRound: round,
      ...(at === 'collapsed' ? { collapses: true } : {}),
      status: 'QUEUED',
      attempts: 0,
      result: {
        cost: sweep.seedCost,
        accuracy: 0.5,
        structureHash: `h${index}`,
        ...(at === 'collapsed' ? {} : at),
      },
    };
    this.runs.set(run.id, run);
    sweep.runIds.push(run.id);
    return run;
  }

  sweep(id: string): FakeSweep {
    const sweep = this.sweeps.get(id);
    if (!sweep) throw new Error(`no sweep ${id}`);
    return sweep;
  }

  run(id: string): FakeRun {
    const run = this.runs.get(id);
    if (!run) throw new Error(`no run ${id}`);
    return run;
  }

  runsOf(sweepId: string): FakeRun[] {
    return this.sweep(sweepId).runIds.map((id) => this.run(id));
  }

  retrainingsOf(sweepId: string): FakeRetraining[] {
    return [...this.retrainings.values()].filter((r) => r.sweepId === sweepId);
  }

  /** The gate named `key`, created closed on first use. */
  gate(key: string): Gate {
    let gate = this.gates.get(key);
    if (!gate) this.gates.set(key, (gate = new Gate()));
    return gate;
  }

  /** Opens every gate (so no activity outlives its test file). */
  releaseAll(): void {
    for (const gate of this.gates.values()) gate.release();
  }

  /** Waits at gate `key` if a test closed one there; passes straight through otherwise. */
  async pass(key: string): Promise<void> {
    const gate = this.gates.get(key);
    if (gate && !gate.released) await gate.arrive();
  }
}
