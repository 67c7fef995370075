import { ActivityFailure, ApplicationFailure, ChildWorkflowFailure } from '@temporalio/workflow';
import { isErrorCode, type ErrorCode } from '@morphsweep/contracts';

/** The error code and message of a failed activity or child: its ApplicationFailure type, else INFRASTRUCTURE. */
export function failureCode(error: unknown): { code: ErrorCode; message: string } {
  const cause =
    error instanceof ActivityFailure || error instanceof ChildWorkflowFailure ? error.cause : error;
  const message = cause instanceof Error ? cause.message : String(cause);
  const code =
    cause instanceof ApplicationFailure && isErrorCode(cause.type) ? cause.type : 'INFRASTRUCTURE';
  return { code, message };
}
