import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { WorkflowExecutionStatusName } from '@temporalio/client';
import { isFinalRunState } from '@morphsweep/contracts';
import { MAX_PAGE_SIZE, SweepRepository, type Sweep } from '@morphsweep/db';
import { API_CONFIG, type ApiConfig } from '../config/api.config';
import { SweepOrchestrator } from '../temporal/sweep-orchestrator.service';

/** What reconciling one sweep did. */
export type SweepRepair = 'started' | 'failed' | 'cancelled' | 'none';

/** What one round did: the sweeps whose workflow it started, and those it closed. */
export interface Reconciliation {
  started: string[];
  failed: string[];
  cancelled: string[];
}

// A workflow that closed without setting its sweep's final status (the sweep's own last step
// does that) died: it failed on an error it could not retry, or someone terminated it.
const DIED: ReadonlySet<WorkflowExecutionStatusName> = new Set([
  'FAILED',
  'TERMINATED',
  'TIMED_OUT',
]);

/**
 * Repairs sweeps whose row and workflow disagree, so none stays QUEUED or RUNNING forever:
 * a sweep is written before its workflow starts, and the start can fail (Temporal down; the
 * client got a 503 and may never retry), and a workflow can die without marking its sweep.
 * Every SWEEP_RECONCILE_INTERVAL_MS (the first round one interval after boot) it
 * - starts the workflow of a sweep QUEUED for more than SWEEP_RECONCILE_AFTER_MS that has
 *   none (or of a RUNNING sweep whose workflow Temporal no longer has) — idempotent, the
 *   start is REJECT_DUPLICATE on the sweep's workflow id, so replicas may race;
 * - marks FAILED (CANCELLED) a QUEUED or RUNNING sweep whose workflow has closed as failed,
 *   terminated or timed out (cancelled);
 * - cancels a workflow it started for a sweep that a concurrent cancel marked CANCELLED
 *   meanwhile (a cancel always wins over a start).
 * Temporal being down only postpones the work to the next round.
 */
@Injectable()
export class SweepReconciler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SweepReconciler.name);
  private timer?: NodeJS.Timeout;
  private round?: Promise<Reconciliation>;

  constructor(
    private readonly sweeps: SweepRepository,
    private readonly orchestrator: SweepOrchestrator,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  onApplicationBootstrap(): void {
    const interval = this.config.SWEEP_RECONCILE_INTERVAL_MS;
    if (interval === 0) return;
    // Never at boot itself: a boot must not wait on Temporal (the connection is lazy for that
    // reason), and a sweep submitted just before is not stale yet anyway.
    this.timer = setInterval(() => void this.reconcile().catch(() => undefined), interval);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.round?.catch(() => undefined);
  }

  /** One round over every QUEUED and RUNNING sweep (one at a time: rounds never overlap). */
  reconcile(now: Date = new Date()): Promise<Reconciliation> {
    this.round ??= this.reconcileAll(now).finally(() => (this.round = undefined));
    return this.round;
  }

  private async reconcileAll(now: Date): Promise<Reconciliation> {
    const done: Reconciliation = { started: [], failed: [], cancelled: [] };
    for (const status of ['QUEUED', 'RUNNING'] as const) {
      for (const sweep of await this.all(status)) {
        try {
          const repair = await this.reconcileSweep(sweep, now);
          if (repair !== 'none') done[repair].push(sweep.id);
        } catch (error) {
          this.logger.warn(`could not reconcile sweep ${sweep.id}: ${String(error)}`);
        }
      }
    }
    if (done.started.length + done.failed.length + done.cancelled.length > 0)
      this.logger.log(`reconciled sweeps: ${JSON.stringify(done)}`);
    return done;
  }

  /**
   * Reconciles one sweep as of `now` (the rules above): a final sweep, or one QUEUED for less
   * than SWEEP_RECONCILE_AFTER_MS, is left alone. Throws Temporal's and the database's errors.
   */
  async reconcileSweep(sweep: Sweep, now: Date = new Date()): Promise<SweepRepair> {
    if (sweep.status !== 'QUEUED' && sweep.status !== 'RUNNING') return 'none';
    const staleSince = now.getTime() - this.config.SWEEP_RECONCILE_AFTER_MS;
    if (sweep.status === 'QUEUED' && sweep.updatedAt.getTime() > staleSince) return 'none';
    const workflow = await this.orchestrator.workflowStatus(sweep.id);
    if (workflow === undefined) {
      // A cancel of the orphan may have closed it since it was listed.
      if (isFinalRunState((await this.sweeps.get(sweep.id)).status)) return 'none';
      await this.orchestrator.start(sweep.id);
      // A cancel that found no workflow to signal, and so marked the sweep CANCELLED, may
      // have landed between that read and the start: it wins, the new workflow is cancelled.
      // (One that lands after this read finds the workflow, or signals it after its own
      // write: `SweepsService.cancel`.)
      if ((await this.sweeps.get(sweep.id)).status === 'CANCELLED') {
        await this.orchestrator.cancel(sweep.id);
        return 'cancelled';
      }
      return 'started';
    }
    if (DIED.has(workflow)) {
      await this.sweeps.setStatus(sweep.id, 'FAILED');
      return 'failed';
    }
    if (workflow === 'CANCELLED') {
      await this.sweeps.setStatus(sweep.id, 'CANCELLED');
      return 'cancelled';
    }
    return 'none';
  }

  // Every sweep in `status`, page by page (a backlog can be longer than one page).
  private async all(status: 'QUEUED' | 'RUNNING'): Promise<Sweep[]> {
    const out: Sweep[] = [];
    for (let offset = 0; ; offset += MAX_PAGE_SIZE) {
      const page = await this.sweeps.list({ status, offset, limit: MAX_PAGE_SIZE });
      out.push(...page.items);
      if (out.length >= page.total || page.items.length === 0) return out;
    }
  }
}
