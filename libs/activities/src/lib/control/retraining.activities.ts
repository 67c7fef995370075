import { randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/activity';
import {
  CandidateRepository,
  RetrainingRepository,
  RunRepository,
  type RetrainingKind,
} from '@morphsweep/db';
import { retrainingWorkflowId, type ErrorCode } from '@morphsweep/contracts';
import type { ActivityDeps } from '../activity-deps';
import { permanentIfNotFound } from '../permanent-if-not-found';

/** A retraining to make sure of: the structure learned by `runId`, or its baseline. */
export interface EnsureRetrainingInput {
  runId: string;
  trigger: 'AUTO' | 'PROMOTED';
  kind?: RetrainingKind;
  /** A candidate structure of the run to retrain instead of its own (default: its own). */
  structureHash?: string;
}

export interface EnsuredRetraining {
  retrainingId: string;
  /** Deterministic: `retrain-<sweepId>-<structureHash>`, so a structure has one workflow. */
  workflowId: string;
  structureHash: string;
  created: boolean;
  /** A FAILED or CANCELLED retraining put back to QUEUED by this promotion. */
  retried?: boolean;
}

/** Retraining bookkeeping on the control queue. */
export function createRetrainingActivities(deps: ActivityDeps) {
  const retrainings = new RetrainingRepository(deps.db);
  const runs = new RunRepository(deps.db);
  return {
    /**
     * The Retraining row for a run's structure, created once per (sweep, structure hash,
     * kind) however often it is promoted or found on the frontier. A promotion (trigger
     * PROMOTED) of a structure whose retraining FAILED or was CANCELLED puts that row back to
     * QUEUED, so the sweep workflow runs it again (`retried`). With `structureHash`, the
     * structure is that candidate of the run's. Throws non-retryable
     * RUN_NOT_SUCCEEDED for a run without a learned structure, NOT_FOUND for no such run or
     * candidate.
     */
    async ensureRetraining(input: EnsureRetrainingInput): Promise<EnsuredRetraining> {
      const run = await runs.get(input.runId).catch(permanentIfNotFound);
      if (run.status !== 'SUCCEEDED' || !run.structureHash) {
        throw ApplicationFailure.nonRetryable(
          `run ${run.id} is ${run.status}; only a SUCCEEDED run can be retrained`,
          'RUN_NOT_SUCCEEDED',
        );
      }
      const structureHash = input.structureHash ?? run.structureHash;
      if (
        structureHash !== run.structureHash &&
        !(await new CandidateRepository(deps.db).findStructure(run.id, structureHash))
      ) {
        throw ApplicationFailure.nonRetryable(
          `run ${run.id} has no candidate with structure ${structureHash}`,
          'NOT_FOUND',
        );
      }
      const kind = input.kind ?? 'LEARNED';
      const workflowId = retrainingWorkflowId(run.sweepId, structureHash, kind);
      const { retraining, created, retried } = await retrainings.ensure(
        {
          id: randomUUID(),
          sweepId: run.sweepId,
          sourceRunId: run.id,
          kind,
          structureHash,
          trigger: input.trigger,
          workflowId,
        },
        { retryFailed: input.trigger === 'PROMOTED' },
      );
      return {
        retrainingId: retraining.id,
        workflowId: retraining.workflowId,
        structureHash,
        created,
        retried,
      };
    },
    /** Records a retraining's failure or cancellation (after retries ran out). */
    async recordRetrainingFailure(input: {
      retrainingId: string;
      status: 'FAILED' | 'CANCELLED';
      errorCode: ErrorCode;
      error: string;
    }): Promise<void> {
      await retrainings.record(input.retrainingId, {
        status: input.status,
        errorCode: input.errorCode,
        error: input.error,
      });
    },
  };
}
