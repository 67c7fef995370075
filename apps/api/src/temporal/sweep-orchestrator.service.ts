import { ConflictException, Inject, Injectable, ServiceUnavailableException } from '@nestjs/common';
import {
  Client,
  isGrpcDeadlineError,
  ServiceError,
  WithStartWorkflowOperation,
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
  type Connection,
  type WorkflowExecutionStatusName,
} from '@temporalio/client';
import { TASK_QUEUES, sweepWorkflowId } from '@morphsweep/contracts';
import {
  cancelSweepSignal,
  promoteRunUpdate,
  resumeFailedSignal,
  sweepWorkflow,
  type PromoteResult,
  type SweepWorkflowOptions,
} from '@morphsweep/workflows';
import { API_CONFIG, type ApiConfig } from '../config/api.config';
import { TEMPORAL_CONNECTION } from './temporal.module';

/**
 * The API's side of `sweepWorkflow`: every message goes to the workflow with id
 * `sweep-<sweepId>`. Resume and promote also work on a sweep whose workflow has closed:
 * they start it again (signal-with-start, update-with-start), and the new run finds only the
 * work that is left.
 */
@Injectable()
export class SweepOrchestrator {
  private readonly client: Client;

  constructor(
    @Inject(TEMPORAL_CONNECTION) connection: Connection,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {
    this.client = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });
  }

  /**
   * Starts the sweep's workflow once ever: a second start is a no-op while it runs and after
   * it has closed (a retried submit never re-runs a finished sweep). 503 when Temporal does
   * not answer within TEMPORAL_RPC_TIMEOUT_MS.
   */
  async start(sweepId: string): Promise<void> {
    try {
      await this.call('start the sweep workflow', () =>
        this.client.workflow.start(sweepWorkflow, {
          ...this.startOptions(sweepId),
          workflowIdReusePolicy: 'REJECT_DUPLICATE',
        }),
      );
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    }
  }

  /**
   * Asks the running sweep to stop its trainings and cancel what is left. Returns false when
   * there is no running workflow to ask (it never started, or has closed); 503 when Temporal
   * does not answer.
   */
  async cancel(sweepId: string): Promise<boolean> {
    try {
      await this.call('cancel the sweep', () =>
        this.client.workflow.getHandle(sweepWorkflowId(sweepId)).signal(cancelSweepSignal),
      );
      return true;
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return false;
      throw error;
    }
  }

  /** Re-runs the FAILED and CANCELLED cells, starting the workflow again if it has closed. */
  async resumeFailed(sweepId: string): Promise<void> {
    await this.call('resume the sweep', () =>
      this.client.workflow.signalWithStart(sweepWorkflow, {
        ...this.startOptions(sweepId),
        signal: resumeFailedSignal,
      }),
    );
  }

  /**
   * The status of the sweep's latest workflow run (`RUNNING`, `COMPLETED`, `FAILED`, …), or
   * undefined when it has none. Throws Temporal's errors (the reconciler logs them).
   */
  async workflowStatus(sweepId: string): Promise<WorkflowExecutionStatusName | undefined> {
    try {
      const handle = this.client.workflow.getHandle(sweepWorkflowId(sweepId));
      return (await this.call('describe the sweep workflow', () => handle.describe())).status.name;
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return undefined;
      throw error;
    }
  }

  // One Temporal call under TEMPORAL_RPC_TIMEOUT_MS; an unreachable or overloaded server (a
  // gRPC error, a missed deadline) is a 503 that says what could not be done, so a client
  // knows to retry (with the same Idempotency-Key for a submit) rather than report a bug.
  private async call<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await this.client.withDeadline(Date.now() + this.config.TEMPORAL_RPC_TIMEOUT_MS, fn);
    } catch (error) {
      if (error instanceof ServiceError || isGrpcDeadlineError(error)) {
        throw new ServiceUnavailableException(
          `Temporal could not ${what} (${describeError(error)}); retry later`,
        );
      }
      throw error;
    }
  }

  /**
   * Starts (once per structure) the retraining of a run, through the sweep's workflow. The
   * workflow's refusal (say, it does not hold the run as succeeded) is a 409; no answer within
   * PROMOTE_TIMEOUT_MS (no worker on the control queue) or no Temporal is a 503, so a client
   * never hangs on a promotion.
   */
  async promote(sweepId: string, runId: string): Promise<PromoteResult> {
    try {
      return await this.client.withDeadline(Date.now() + this.config.PROMOTE_TIMEOUT_MS, () =>
        this.client.workflow.executeUpdateWithStart(promoteRunUpdate, {
          args: [runId],
          startWorkflowOperation: new WithStartWorkflowOperation(sweepWorkflow, {
            ...this.startOptions(sweepId),
            workflowIdConflictPolicy: 'USE_EXISTING',
          }),
        }),
      );
    } catch (error) {
      if (error instanceof WorkflowUpdateFailedError) {
        throw new ConflictException(
          `the sweep refused to promote run ${runId}: ${error.cause?.message ?? error.message}`,
        );
      }
      if (error instanceof WorkflowUpdateRPCTimeoutOrCancelledError || isGrpcDeadlineError(error)) {
        throw new ServiceUnavailableException(
          `the sweep did not answer within ${this.config.PROMOTE_TIMEOUT_MS} ms: is a worker serving the ${TASK_QUEUES.control} queue?`,
        );
      }
      if (error instanceof ServiceError)
        throw new ServiceUnavailableException(
          `Temporal could not take the promotion: ${error.message}`,
        );
      throw error;
    }
  }

  // Every start (start, signal-with-start, update-with-start) passes the same options, so a
  // sweep keeps its training timeouts whichever request (re)starts its workflow.
  private startOptions(sweepId: string) {
    const heartbeat = this.config.TRAINING_HEARTBEAT_TIMEOUT_S;
    const args: [string] | [string, SweepWorkflowOptions] =
      heartbeat === undefined
        ? [sweepId]
        : [sweepId, { training: { heartbeatTimeout: `${heartbeat} seconds` } }];
    return { workflowId: sweepWorkflowId(sweepId), taskQueue: TASK_QUEUES.control, args };
  }
}

// A ServiceError's own message is generic ("Failed to start Workflow"); its cause says why.
function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return error.cause instanceof Error ? `${error.message}: ${error.cause.message}` : error.message;
}
