import {
  CancellationScope,
  ParentClosePolicy,
  WorkflowIdReusePolicy,
  condition,
  isCancellation,
  patched,
  startChild,
  workflowInfo,
} from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type {
  EnsuredRetraining,
  FrontierRun,
  ParetoUpdate,
  SweepPlan,
} from '@morphsweep/activities';
import {
  OUTCOME_ERROR_CODES,
  type RunState,
  type SweepPhase,
  type SweepProgress,
} from '@morphsweep/contracts';
import { selectRetrainings } from '@morphsweep/sweeps/selection';
import { control, trainingActivities, type TrainingActivityOptions } from '../activity-proxies';
import { failureCode } from '../failure-code';
import { retrainWorkflow } from '../retrain/retrain.workflow';
import type { PromoteResult } from './sweep.messages';

// The replicas an ensureRetraining result names; a result recorded before replicas existed
// names replica 0 alone.
const replicasOf = (ensured: EnsuredRetraining) => ensured.replicas ?? [ensured];

/** State carried across continue-as-new (everything else is reloaded from Postgres). */
export interface CarriedSweepState {
  generation: number;
  resumeRequested: boolean;
  pareto: ParetoUpdate | null;
}

/** Options of `sweepWorkflow`; all optional. */
export interface SweepWorkflowOptions {
  training?: TrainingActivityOptions;
  /** Cells started per workflow run before it continues as new [500]. */
  cellsPerRun?: number;
  /** Set by continue-as-new; never by callers. */
  carried?: CarriedSweepState;
}

/** How a sweep workflow run ended. */
export type SweepRunEnd =
  { kind: 'done'; outcome: SweepOutcome } | { kind: 'continue'; carried: CarriedSweepState };

/** What `sweepWorkflow` returns. */
export interface SweepOutcome {
  sweepId: string;
  status: 'SUCCEEDED' | 'FAILED' | 'CANCELLED';
  counts: Record<RunState, number>;
  /** FAILED cells that collapsed (in `counts.FAILED`); they do not fail the sweep. */
  collapsed: number;
  frontierRunIds: string[];
  hypervolume: number | null;
  kneeRunId: string | null;
  retrainingIds: string[];
}

/**
 * One run of a sweep workflow: schedules the pending cells with bounded concurrency, keeps
 * the Pareto flags fresh as cells finish (coalescing recomputations), then finalizes. The
 * workflow function only wires messages to it. Deterministic: all I/O is activities.
 */
export class SweepExecution {
  private plan: SweepPlan | undefined;
  private readonly counts: Record<RunState, number> = {
    QUEUED: 0,
    RUNNING: 0,
    SUCCEEDED: 0,
    FAILED: 0,
    CANCELLED: 0,
  };
  private readonly states = new Map<string, RunState>();
  /** FAILED cells whose code is an outcome (a collapsed structure), not a fault. */
  private collapsed = 0;
  private queue: string[] = [];
  private inFlight = 0;
  private started = 0;
  private version = 0;
  private phase: SweepPhase = 'starting';
  private cancelRequested = false;
  private resumeRequested: boolean;
  private paretoDirty = false;
  private paretoRunning = false;
  private pareto: ParetoUpdate | null;
  /**
   * The frontier this run last wrote, which the flags in Postgres show (null until its first
   * update: a carried one may miss cells that finished after it), and the cells that
   * succeeded since: the next update merges them instead of reading every run.
   */
  private written: ParetoUpdate | null = null;
  private succeededSince: FrontierRun[] = [];
  private readonly retrainingIds: string[] = [];
  /** Cells a resume found FAILED in Postgres while this run still saw them RUNNING. */
  private readonly requeueWhenSettled = new Set<string>();
  private readonly cellScope = new CancellationScope();

  constructor(
    private readonly sweepId: string,
    private readonly options: SweepWorkflowOptions,
  ) {
    this.resumeRequested = options.carried?.resumeRequested ?? false;
    this.pareto = options.carried?.pareto ?? null;
  }

  /** Runs this workflow run to its end: done, cancelled, or time to continue as new. */
  async run(): Promise<SweepRunEnd> {
    this.plan = await control.loadSweepPlan({ sweepId: this.sweepId });
    this.load(this.plan);
    for (;;) {
      this.phase = 'running';
      await this.pump(this.plan);
      if (this.cancelRequested) return { kind: 'done', outcome: await this.finishCancelled() };
      if (this.queue.length > 0) return { kind: 'continue', carried: this.carried() };
      if (await this.refine(this.plan)) continue;
      await this.finalize(this.plan);
      if (!this.resumeRequested || this.cancelRequested) break;
    }
    return {
      kind: 'done',
      outcome: await this.complete(this.cancelRequested ? 'CANCELLED' : undefined),
    };
  }

  progress(): SweepProgress {
    return {
      sweepId: this.sweepId,
      phase: this.phase,
      total: this.plan?.total ?? 0,
      counts: { ...this.counts },
      collapsed: this.collapsed,
      frontierRunIds: this.pareto?.frontier.map((f) => f.runId) ?? [],
      hypervolume: this.pareto?.hypervolume ?? null,
      kneeRunId: this.pareto?.kneeRunId ?? null,
      generation: this.options.carried?.generation ?? 0,
      cancelRequested: this.cancelRequested,
    };
  }

  /**
   * State to continue as new with when a resume arrived after the run loop had ended
   * (while the last retraining or handler finished); null when there is none to act on.
   */
  resumeArrivedLate(): CarriedSweepState | null {
    return this.resumeRequested && !this.cancelRequested ? this.carried() : null;
  }

  /**
   * The state to continue as new with, built now: call it after the handlers have drained,
   * so a resume they let through is carried (a cancel is `cancelledAtRotation`).
   */
  carriedState(): CarriedSweepState {
    return this.carried();
  }

  /** Whether a cancel arrived after the run loop stopped to continue as new. */
  cancelledAtRotation(): boolean {
    return this.cancelRequested;
  }

  requestResume(): void {
    this.resumeRequested = true;
    this.version++;
  }

  requestCancel(): void {
    if (this.cancelRequested) return;
    this.cancelRequested = true;
    this.phase = 'cancelling';
    this.cellScope.cancel();
    this.version++;
  }

  /**
   * Starts the retrainings of `runId`'s structure (once per structure and replica); answers
   * without waiting for them.
   */
  async promote(runId: string): Promise<PromoteResult> {
    const ensured = await control.ensureRetraining({ runId, trigger: 'PROMOTED' });
    // An update can be handled before this run has loaded its plan, which names the training
    // queue and the baseline policy the retraining must follow.
    await condition(() => this.plan !== undefined);
    const plan = this.plan as SweepPlan;
    await this.startRetraining(plan, ensured, 'PROMOTED', runId, plan.retrain.baseline);
    return {
      retrainingId: ensured.retrainingId,
      workflowId: ensured.workflowId,
      created: ensured.created,
      retrainingIds: replicasOf(ensured).map((r) => r.retrainingId),
    };
  }

  private load(plan: SweepPlan): void {
    Object.assign(this.counts, plan.counts);
    // Histories recorded before plans counted collapsed cells carry none.
    this.collapsed = plan.collapsed ?? 0;
    // Cells left RUNNING by an earlier run of this workflow are scheduled again.
    this.counts.QUEUED += this.counts.RUNNING;
    this.counts.RUNNING = 0;
    this.queue = [...plan.pendingRunIds];
    for (const id of this.queue) this.states.set(id, 'QUEUED');
  }

  private carried(): CarriedSweepState {
    return {
      generation: (this.options.carried?.generation ?? 0) + 1,
      resumeRequested: this.resumeRequested,
      pareto: this.pareto,
    };
  }

  private move(runId: string, to: RunState): void {
    const from = this.states.get(runId);
    if (from) this.counts[from]--;
    this.counts[to]++;
    this.states.set(runId, to);
    this.version++;
  }

  private shouldRotate(): boolean {
    return (
      this.started >= (this.options.cellsPerRun ?? 500) || workflowInfo().continueAsNewSuggested
    );
  }

  private async pump(plan: SweepPlan): Promise<void> {
    const training = trainingActivities(plan.trainingQueue, this.options.training);
    for (;;) {
      if (this.resumeRequested && !this.cancelRequested) await this.requeueFailed();
      while (
        this.inFlight < plan.concurrency &&
        this.queue.length > 0 &&
        !this.cancelRequested &&
        !this.shouldRotate()
      ) {
        void this.runCell(this.queue.shift() as string, training);
      }
      if (this.paretoDirty && !this.paretoRunning && !this.cancelRequested)
        void this.refreshPareto(plan);
      const idle = this.inFlight === 0 && !this.paretoRunning && !this.resumeRequested;
      if (idle && (this.queue.length === 0 || this.cancelRequested || this.shouldRotate())) return;
      const seen = this.version;
      await condition(() => this.version !== seen);
    }
  }

  private async requeueFailed(): Promise<void> {
    this.resumeRequested = false;
    const requeued = await control.requeueFailedRuns({ sweepId: this.sweepId });
    for (const { id, status } of requeued) {
      // Its activity has failed but the failure is not recorded yet: runCell re-queues it then.
      if (this.states.get(id) === 'RUNNING') this.requeueWhenSettled.add(id);
      if (this.states.get(id) === 'RUNNING' || this.queue.includes(id)) continue;
      if (!this.states.has(id)) this.states.set(id, status);
      this.move(id, 'QUEUED');
      this.queue.push(id);
    }
  }

  private async runCell(
    runId: string,
    training: ReturnType<typeof trainingActivities>,
  ): Promise<void> {
    this.inFlight++;
    this.started++;
    this.move(runId, 'RUNNING');
    try {
      const outcome = await this.cellScope.run(() => training.learnStructure({ runId }));
      const { cost, accuracy, structureHash } = outcome;
      this.succeededSince.push({ runId, cost, accuracy, structureHash });
      this.move(runId, 'SUCCEEDED');
      this.paretoDirty = true;
    } catch (error) {
      const cancelled = isCancellation(error);
      const { code, message } = failureCode(error);
      await CancellationScope.nonCancellable(() =>
        control.markRunFinal({
          runId,
          status: cancelled ? 'CANCELLED' : 'FAILED',
          errorCode: cancelled ? 'CANCELLED' : code,
          error: cancelled ? 'cancelled' : message,
        }),
      );
      this.move(runId, cancelled ? 'CANCELLED' : 'FAILED');
      if (!cancelled && OUTCOME_ERROR_CODES.includes(code)) this.collapsed++;
      // A resume re-queued this cell's row while the failure was being recorded; without this
      // the resume was lost for it. Patched: older runs took no such step.
      if (
        this.requeueWhenSettled.has(runId) &&
        !this.cancelRequested &&
        patched('requeue-cell-failed-during-resume')
      ) {
        this.move(runId, 'QUEUED');
        this.queue.push(runId);
      }
    } finally {
      this.requeueWhenSettled.delete(runId);
      this.inFlight--;
      this.version++;
    }
  }

  /**
   * One round of adaptive grid refinement, for a spec that asks for it: the activity adds the
   * round's cells to Postgres (bounded by the budget and the rounds) and they are queued here.
   * Whether it added any; none means refinement is over and the sweep finalizes.
   */
  private async refine(plan: SweepPlan): Promise<boolean> {
    if (!plan.refine || this.cancelRequested) return false;
    const { runIds } = await control.refineGrid({ sweepId: this.sweepId });
    const added = runIds.filter((id) => !this.states.has(id));
    for (const id of added) {
      this.states.set(id, 'QUEUED');
      this.counts.QUEUED++;
      this.queue.push(id);
    }
    plan.total += added.length;
    this.version++;
    return added.length > 0;
  }

  private async refreshPareto(plan: SweepPlan): Promise<void> {
    this.paretoDirty = false;
    this.paretoRunning = true;
    const succeeded = this.succeededSince;
    this.succeededSince = [];
    const written = this.written;
    try {
      // Reading every run for each update made a cell's cost grow with the sweep (O(n²) over
      // 10,000 cells); after this run's first update, the cells since are merged instead.
      // Patched: older runs read every run each time. Candidates always take the full update.
      const merge =
        written && !written.candidates && patched('merge-pareto-updates')
          ? { seedCost: plan.seedCost, frontier: written.frontier, succeeded }
          : undefined;
      this.pareto = await control.updatePareto({
        sweepId: this.sweepId,
        ...(merge ? { merge } : {}),
      });
      this.written = this.pareto;
    } finally {
      this.paretoRunning = false;
      this.version++;
    }
  }

  private async finalize(plan: SweepPlan): Promise<void> {
    this.phase = 'pareto';
    this.pareto = await control.updatePareto({ sweepId: this.sweepId });
    this.written = this.pareto;
    if (plan.retrain.policy !== 'auto' || this.cancelRequested) return;
    this.phase = 'retraining';
    // With candidates, the frontier retraining picks from is the deduplicated candidates'.
    const candidates = this.pareto.candidates;
    const chosen = selectRetrainings(candidates ?? this.pareto.frontier, plan.retrain);
    const retrainAll = () =>
      Promise.allSettled(
        chosen.map(async ({ runId, baseline, structureHash }) => {
          const candidate = candidates ? { structureHash } : {};
          const ensured = await control.ensureRetraining({ runId, trigger: 'AUTO', ...candidate });
          const children = await this.startRetraining(
            plan,
            ensured,
            'AUTO',
            runId,
            baseline,
            candidates ? structureHash : undefined,
          );
          await Promise.allSettled(children.map((child) => child.result()));
        }),
      );
    // A failed retraining is recorded in its row; it does not fail the sweep.
    if (!patched('cancel-auto-retraining')) {
      await retrainAll();
      return;
    }
    // A cancel during this phase cancels the retrainings (each records itself CANCELLED)
    // rather than waiting for them to finish.
    const scope = new CancellationScope();
    const settled = scope.run(retrainAll);
    await Promise.race([settled, condition(() => this.cancelRequested)]);
    if (this.cancelRequested) scope.cancel();
    await settled;
  }

  /**
   * Starts the retraining workflow of every replica `ensured` names, one after another
   * (replica 0 alone for a result recorded before replicas existed: same commands as then);
   * the handles of those it started, none for one already running or done.
   */
  private async startRetraining(
    plan: SweepPlan,
    ensured: EnsuredRetraining,
    trigger: 'AUTO' | 'PROMOTED',
    runId: string,
    baseline: boolean,
    structureHash?: string,
  ) {
    const children = [];
    for (const replica of replicasOf(ensured)) {
      this.retrainingIds.push(replica.retrainingId);
      const child = await this.startReplica(plan, replica, trigger, runId, baseline, structureHash);
      if (child) children.push(child);
    }
    return children;
  }

  private async startReplica(
    plan: SweepPlan,
    ensured: EnsuredRetraining,
    trigger: 'AUTO' | 'PROMOTED',
    runId: string,
    baseline: boolean,
    structureHash?: string,
  ) {
    try {
      return await startChild(retrainWorkflow, {
        workflowId: ensured.workflowId,
        args: [
          {
            retrainingId: ensured.retrainingId,
            runId,
            ...(structureHash ? { structureHash } : {}),
            trigger,
            baseline,
            ...(ensured.replica ? { replica: ensured.replica } : {}),
            trainingQueue: plan.trainingQueue,
            ...(this.options.training ? { training: this.options.training } : {}),
          },
        ],
        parentClosePolicy: ParentClosePolicy.ABANDON,
        workflowIdReusePolicy: this.reusePolicy(trigger),
      });
    } catch (error) {
      if (error instanceof WorkflowExecutionAlreadyStartedError) return undefined;
      throw error;
    }
  }

  /**
   * A promotion may start the workflow of a structure again when its last run failed or was
   * cancelled (ensureRetraining has put the row back to QUEUED); one that succeeded, or is
   * still running, is never started twice. Patched: older runs rejected every duplicate.
   */
  private reusePolicy(trigger: 'AUTO' | 'PROMOTED'): WorkflowIdReusePolicy {
    return trigger === 'PROMOTED' && patched('retry-failed-retraining')
      ? WorkflowIdReusePolicy.ALLOW_DUPLICATE_FAILED_ONLY
      : WorkflowIdReusePolicy.REJECT_DUPLICATE;
  }

  /** Cancels every queued cell and records the sweep CANCELLED (no cell may be running). */
  async finishCancelled(): Promise<SweepOutcome> {
    await control.cancelQueuedRuns({ sweepId: this.sweepId });
    for (const id of this.queue) this.move(id, 'CANCELLED');
    this.queue = [];
    return this.complete('CANCELLED');
  }

  private async complete(forced?: 'CANCELLED'): Promise<SweepOutcome> {
    // A collapsed cell finished: it marks the end of the useful strength range, not a fault.
    const faulted = this.counts.FAILED - this.collapsed;
    const status =
      forced ?? (faulted > 0 ? 'FAILED' : this.counts.CANCELLED > 0 ? 'CANCELLED' : 'SUCCEEDED');
    await control.setSweepStatus({ sweepId: this.sweepId, status });
    this.phase = 'done';
    return {
      sweepId: this.sweepId,
      status,
      counts: { ...this.counts },
      collapsed: this.collapsed,
      frontierRunIds: this.pareto?.frontier.map((f) => f.runId) ?? [],
      hypervolume: this.pareto?.hypervolume ?? null,
      kneeRunId: this.pareto?.kneeRunId ?? null,
      retrainingIds: [...new Set(this.retrainingIds)],
    };
  }
}
