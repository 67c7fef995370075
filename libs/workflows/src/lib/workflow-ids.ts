/** The workflow id of a sweep: one workflow per sweep, so starting it twice is idempotent. */
export function sweepWorkflowId(sweepId: string): string {
  return `sweep-${sweepId}`;
}
