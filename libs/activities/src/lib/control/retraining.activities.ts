import { randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/activity';
import {
  CandidateRepository,
  RetrainingRepository,
  RunRepository,
  SweepRepository,
  type RetrainingKind,
} from '@morphsweep/db';
import {
  retrainingSeed,
  retrainingWorkflowId,
  type ErrorCode,
  type SweepSpec,
} from '@morphsweep/contracts';
import type { ActivityDeps } from '../activity-deps';
import { permanentIfNotFound } from '../permanent-if-not-found';
import { specOf } from '../training/run-config';

// How many times the spec retrains each structure from scratch (`none` retrains on request once).
function replicasOf(spec: SweepSpec): number {
  return spec.retrain.policy === 'none' ? 1 : spec.retrain.seeds;
}

const replicaRange = (count: number) => Array.from({ length: count }, (_, replica) => replica);

// The replica's seed; a replica out of range is a bad request, not worth retrying.
function seedOf(specSeed: number, replica: number): number {
  try {
    return retrainingSeed(specSeed, replica);
  } catch (error) {
    throw ApplicationFailure.nonRetryable((error as Error).message, 'INVALID_CONFIG');
  }
}

/** A retraining to make sure of: the structure learned by `runId`, or its baseline. */
export interface EnsureRetrainingInput {
  runId: string;
  trigger: 'AUTO' | 'PROMOTED';
  kind?: RetrainingKind;
  /** A candidate structure of the run to retrain instead of its own (default: its own). */
  structureHash?: string;
  /** Only this replica (0-based); default: every one of the spec's `retrain.seeds`. */
  replica?: number;
}

export interface EnsuredRetraining {
  retrainingId: string;
  /**
   * Deterministic: `retrain-<sweepId>-<structureHash>[-width-multiplier][-r<replica>]`, so a
   * structure has one workflow per replica.
   */
  workflowId: string;
  structureHash: string;
  created: boolean;
  /** A FAILED or CANCELLED retraining put back to QUEUED by this promotion. */
  retried?: boolean;
  /** Which replica this is; absent (0) in results recorded before replicas existed. */
  replica?: number;
  /**
   * Every replica ensured, replica order (the first is the one above); absent in results
   * recorded before replicas existed, which ensured replica 0 alone.
   */
  replicas?: EnsuredRetraining[];
}

/** Retraining bookkeeping on the control queue. */
export function createRetrainingActivities(deps: ActivityDeps) {
  const retrainings = new RetrainingRepository(deps.db);
  const runs = new RunRepository(deps.db);
  const sweeps = new SweepRepository(deps.db);
  return {
    /**
     * The Retraining rows for a run's structure: one per replica (the spec's `retrain.seeds`,
     * or only `replica`), each created once per (sweep, structure hash, kind, replica)
     * however often it is promoted or found on the frontier, with the replica's seed
     * (`retrainingSeed`). A promotion (trigger PROMOTED) of a structure whose retraining
     * FAILED or was CANCELLED puts that row back to QUEUED, so the sweep workflow runs it
     * again (`retried`). With `structureHash`, the structure is that candidate of the run's.
     * Answers the first replica's row, and every replica's in `replicas`. Throws
     * non-retryable RUN_NOT_SUCCEEDED for a run without a learned structure, NOT_FOUND for no
     * such run or candidate, INVALID_CONFIG for a replica out of range.
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
      const spec = specOf(await sweeps.get(run.sweepId));
      const kind = input.kind ?? 'LEARNED';
      const replicas =
        input.replica !== undefined ? [input.replica] : replicaRange(replicasOf(spec));
      const ensured: EnsuredRetraining[] = [];
      // One at a time: a replica's row is ensured before the next, so the order is stable.
      for (const replica of replicas) {
        const { retraining, created, retried } = await retrainings.ensure(
          {
            id: randomUUID(),
            sweepId: run.sweepId,
            sourceRunId: run.id,
            kind,
            structureHash,
            replica,
            seed: seedOf(spec.seed, replica),
            trigger: input.trigger,
            workflowId: retrainingWorkflowId(run.sweepId, structureHash, kind, replica),
          },
          { retryFailed: input.trigger === 'PROMOTED' },
        );
        ensured.push({
          retrainingId: retraining.id,
          workflowId: retraining.workflowId,
          structureHash,
          created,
          retried,
          replica,
        });
      }
      return { ...(ensured[0] as EnsuredRetraining), replicas: ensured };
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
