import { Context } from '@temporalio/activity';
import type { CheckpointRef } from '@morphsweep/training';

/** What training activities heartbeat: the current step and the last checkpoint. */
export interface TrainingHeartbeat {
  step: number;
  checkpointUri?: string;
  checkpointStep?: number;
}

/**
 * Heartbeats `{ step, checkpointUri }` at most every `intervalMs` on steps, counted from
 * `since` (the attempt's start; 0: the first step heartbeats at once), and at once on a
 * checkpoint (so a retried attempt sees the newest one). The SDK throttles further.
 */
export class Heartbeater {
  private lastSent: number;
  state: TrainingHeartbeat;

  constructor(
    private readonly context: Context,
    private readonly intervalMs: number,
    initial: TrainingHeartbeat,
    since = 0,
  ) {
    this.state = initial;
    this.lastSent = since;
  }

  step(step: number): void {
    this.state = { ...this.state, step };
    const now = Date.now();
    if (now - this.lastSent >= this.intervalMs) this.send(now);
  }

  checkpoint(step: number, uri: string): void {
    this.state = { step, checkpointUri: uri, checkpointStep: step };
    this.send(Date.now());
  }

  private send(now: number): void {
    this.lastSent = now;
    this.context.heartbeat(this.state);
  }
}

/** The heartbeat a retried attempt inherits, if it is one of ours. */
export function previousHeartbeat(context: Context): TrainingHeartbeat | undefined {
  const d = context.info.heartbeatDetails as Partial<TrainingHeartbeat> | undefined;
  return d && typeof d.step === 'number' ? (d as TrainingHeartbeat) : undefined;
}

/** The checkpoint a heartbeat names, as a resume candidate (`newestCheckpoint`). */
export function heartbeatCheckpoint(
  heartbeat: TrainingHeartbeat | undefined,
): CheckpointRef | undefined {
  return heartbeat?.checkpointUri
    ? { uri: heartbeat.checkpointUri, step: heartbeat.checkpointStep ?? 0 }
    : undefined;
}
