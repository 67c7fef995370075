import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { ConflictException, Inject, Injectable, ServiceUnavailableException } from '@nestjs/common';
import {
  expandGrid,
  isCollapsedRun,
  isFinalRunState,
  isResumableRun,
  parseSweepSpec,
  strengthValues,
  summarizePareto,
  sweepWorkflowId,
  type ParetoSummary,
  type SweepSpec,
  type SweepSummary,
} from '@morphsweep/contracts';
import { validateSweepSpec } from '@morphsweep/sweeps';
import { RunRepository, SweepRepository, type Page } from '@morphsweep/db';
import { ValidationError } from '../common/validation.error';
import { DatasetsService } from '../datasets/datasets.service';
import { API_CONFIG, submissionLimitsOf, type ApiConfig } from '../config/api.config';
import { SweepOrchestrator } from '../temporal/sweep-orchestrator.service';
import { toSweepDto, toSweepSummary, type SweepDto } from './sweeps.dto';

/** Sweeps: submit, list, inspect. Writes go through the database first, then Temporal. */
@Injectable()
export class SweepsService {
  constructor(
    private readonly sweeps: SweepRepository,
    private readonly runs: RunRepository,
    private readonly orchestrator: SweepOrchestrator,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    private readonly datasets: DatasetsService,
  ) {}

  /**
   * Validates the spec, records the sweep and all its cells in one transaction, and starts
   * its workflow. With an Idempotency-Key seen before, returns that sweep (`created: false`)
   * and starts nothing new — except the workflow of a sweep still QUEUED, whose first start
   * may have failed after the write (the retry the client was right to send). A key seen
   * before with a different spec is a 409: the client reused a key for a new sweep, and
   * answering with the old sweep would silently drop the new one. Invalid specs, and specs
   * over the submission limits (API_MAX_*), throw a ZodError-shaped 400 and write nothing.
   * What is stored is the validated spec: a seed description as morphnet parsed it, a
   * registered dataset with what its registration found (`dataset.resolved`). When
   * Temporal cannot take the start, the sweep stays written (QUEUED) and the answer is a 503:
   * a retry with the same key starts it, and so does the {@link SweepReconciler} otherwise.
   */
  async create(
    body: unknown,
    idempotencyKey?: string,
  ): Promise<{ sweep: SweepDto; created: boolean }> {
    // A registered dataset is looked up first, so validation checks the seed against it.
    const resolved = await this.datasets.resolveSpec(body);
    const validation = validateSweepSpec(resolved, submissionLimitsOf(this.config));
    if (!validation.ok) throw new ValidationError(validation.issues);
    const { spec } = validation;
    if (idempotencyKey !== undefined) {
      const existing = await this.sweeps.findByIdempotencyKey(idempotencyKey);
      if (existing) {
        assertSameSpec(existing, spec, idempotencyKey);
        if (existing.status === 'QUEUED') await this.startWorkflow(existing.id);
        return { sweep: await this.dto(existing.id), created: false };
      }
    }
    const id = randomUUID();
    const cells = expandGrid(strengthValues(spec.grid.strengths), spec.grid.thresholds).map(
      (c) => ({ ...c, id: randomUUID() }),
    );
    const { sweep, created } = await this.sweeps.createWithRuns({
      id,
      name: spec.name,
      spec: spec as object,
      workflowId: sweepWorkflowId(id),
      ...(idempotencyKey === undefined ? {} : { idempotencyKey }),
      seedCost: validation.seedCost,
      cells,
    });
    // A request that raced another with the same key got the other's sweep.
    if (!created && idempotencyKey !== undefined) assertSameSpec(sweep, spec, idempotencyKey);
    // Starting is idempotent on the workflow id, so a retry after a crash here is safe.
    await this.startWorkflow(sweep.id);
    return { sweep: await this.dto(sweep.id), created };
  }

  /**
   * Newest first, without specs (the sweep's own GET has its spec), with runs per state: a
   * constant three queries however long the page.
   */
  async list(query: {
    offset: number;
    limit: number;
    status?: SweepDto['status'];
  }): Promise<Page<SweepSummary>> {
    const page = await this.sweeps.listSummaries(query);
    return { ...page, items: page.items.map(toSweepSummary) };
  }

  /** The sweep with its counts per state and its Pareto frontier (over SUCCEEDED runs). */
  async get(id: string): Promise<SweepDto & { pareto: ParetoSummary | null }> {
    const sweep = await this.dto(id);
    const results = await this.runs.listResults(id);
    const points = results
      .filter((r) => r.cost !== null && r.accuracy !== null)
      .map((r) => ({ id: r.id, cost: r.cost as number, accuracy: r.accuracy as number }));
    return {
      ...sweep,
      pareto: sweep.seedCost === null ? null : summarizePareto(points, sweep.seedCost),
    };
  }

  /**
   * Cancels a sweep that is not final yet; 409 for one that is. A sweep with no running
   * workflow (its start failed after the write, and nobody retried) has nothing to signal:
   * its QUEUED cells and the sweep are marked CANCELLED here, and the workflow is asked once
   * more, since the reconciler (or a retried submit) may have started it meanwhile: the cancel
   * wins either way (the reconciler re-reads the status after its start). 503 when Temporal
   * is down.
   */
  async cancel(id: string): Promise<SweepDto> {
    const sweep = await this.dto(id);
    // Sweeps share the run states, and so which of them are final.
    if (isFinalRunState(sweep.status)) {
      throw new ConflictException(`sweep ${id} is already ${sweep.status.toLowerCase()}`);
    }
    if (await this.orchestrator.cancel(id)) return sweep;
    await this.runs.cancelQueued(id);
    await this.sweeps.setStatus(id, 'CANCELLED');
    await this.orchestrator.cancel(id);
    return this.dto(id);
  }

  /**
   * Re-runs the sweep's resumable cells (`isResumableRun`: CANCELLED, or FAILED for a reason
   * other than an outcome such as STRUCTURE_COLLAPSED) from their checkpoints. 409 when there
   * are none, saying why: the workflow would requeue nothing, and a collapsed cell would only
   * collapse again (training is seeded).
   */
  async resumeFailed(id: string): Promise<SweepDto> {
    const sweep = await this.dto(id);
    const cells = await this.runs.listCellStates(id);
    if (!cells.some(isResumableRun)) {
      const outcomes = cells.filter(isCollapsedRun);
      const codes = [...new Set(outcomes.map((c) => c.errorCode))].join(', ');
      throw new ConflictException(
        outcomes.length === 0
          ? `sweep ${id} has no failed or cancelled runs to resume`
          : `sweep ${id} has no runs to resume: its ${outcomes.length} failed run(s) ended ${codes}, an outcome of the experiment that re-running would only repeat`,
      );
    }
    await this.orchestrator.resumeFailed(id);
    return sweep;
  }

  // A start Temporal could not take is a 503 after the write: say what the client can do.
  private async startWorkflow(id: string): Promise<void> {
    try {
      await this.orchestrator.start(id);
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      throw new ServiceUnavailableException(
        `${error.message}. Sweep ${id} is saved (QUEUED): send the same request with the same Idempotency-Key again, or the API starts it once Temporal is back`,
      );
    }
  }

  private async dto(id: string): Promise<SweepDto> {
    const [sweep, counts] = await Promise.all([
      this.sweeps.get(id),
      this.sweeps.countRunsByStatus(id),
    ]);
    return toSweepDto(sweep, counts);
  }
}

/** 409 when an Idempotency-Key comes back with another spec than the sweep it created. */
function assertSameSpec(
  existing: { id: string; spec: unknown },
  spec: SweepSpec,
  key: string,
): void {
  const stored = parseSweepSpec(existing.spec);
  if (stored.ok && !isDeepStrictEqual(stored.spec, spec)) {
    throw new ConflictException(
      `Idempotency-Key "${key}" was used for a different sweep spec (sweep ${existing.id}); use a new key for a new sweep`,
    );
  }
}
