import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Client } from '@temporalio/client';
import { sweepWorkflowId } from '@morphsweep/contracts';
import type { Db } from '@morphsweep/db';

/** The budget fields that decide which rows a finished cell has. */
export interface AuditBudget {
  steps: number;
  evalInterval: number;
  checkpointInterval: number;
}

/** What one finished sweep holds, and what it should hold, side by side. */
export interface SweepAudit {
  runs: { total: number; succeeded: number };
  /** Per run: metric steps recorded, and those its training should have recorded. */
  metricSteps: Array<{ recorded: number[]; expected: number[] }>;
  /** Per run: checkpoint artifacts recorded (and whose object exists), and those expected. */
  checkpoints: Array<{ recorded: number[]; present: number; expected: number[] }>;
  retrainings: { total: number; succeeded: number; childWorkflowsStarted: number };
  /** The sweep workflow's history: training activities scheduled and completed, per run. */
  activities: { scheduled: number; completed: number };
  /** `resumedFromStep` of each run's completed training activity, by run id. */
  resumedFrom: Record<string, number | null>;
}

const CHECKPOINTS_KEPT = 3; // the activities' DEFAULT_CHECKPOINTS_KEPT

/** Steps a run that stopped at `last` evaluates at: every `every` steps, and the last. */
function everyUpTo(every: number, last: number): number[] {
  const steps = Array.from({ length: Math.floor(last / every) }, (_, i) => (i + 1) * every);
  return steps.at(-1) === last ? steps : [...steps, last];
}

/**
 * Reads every row a finished sweep wrote — runs, metric points, checkpoint artifacts (and
 * their objects in a file:// store), retrainings — and its workflow's history, next to the
 * counts a fault-free run of the same budget gives, so a spec can compare them whole.
 */
export async function auditSweep(
  db: Db,
  temporal: Client,
  sweepId: string,
  budget: AuditBudget,
): Promise<SweepAudit> {
  const runs = await db.run.findMany({ where: { sweepId }, orderBy: { cellIndex: 'asc' } });
  const metricSteps = [];
  const checkpoints = [];
  for (const run of runs) {
    const metrics = await db.runMetric.findMany({
      where: { runId: run.id },
      select: { step: true },
      orderBy: { step: 'asc' },
    });
    // A run may stop early (converged); it checkpoints and evaluates at the step it stopped.
    metricSteps.push({
      recorded: metrics.map((m) => m.step),
      expected: everyUpTo(budget.evalInterval, run.step),
    });
    const artifacts = await db.artifact.findMany({
      where: { runId: run.id, kind: 'CHECKPOINT' },
      select: { uri: true },
    });
    const steps = artifacts
      .map((a) => Number(/checkpoint-(\d+)\.bin$/.exec(a.uri)?.[1]))
      .sort((a, b) => a - b);
    checkpoints.push({
      recorded: steps,
      present: artifacts.filter((a) => existsSync(fileURLToPath(a.uri))).length,
      expected: everyUpTo(budget.checkpointInterval, run.step).slice(-CHECKPOINTS_KEPT),
    });
  }
  const retrainings = await db.retraining.findMany({ where: { sweepId } });
  const history = await historyCounts(temporal, sweepId);
  return {
    runs: { total: runs.length, succeeded: runs.filter((r) => r.status === 'SUCCEEDED').length },
    metricSteps,
    checkpoints,
    retrainings: {
      total: retrainings.length,
      succeeded: retrainings.filter((r) => r.status === 'SUCCEEDED').length,
      childWorkflowsStarted: history.children,
    },
    activities: { scheduled: history.scheduled, completed: history.completed },
    resumedFrom: history.resumedFrom,
  };
}

/** The audit a sweep of `cells` runs and `retrainings` retrainings has when nothing was lost. */
export function expectedAudit(audit: SweepAudit, cells: number, retrainings: number) {
  return {
    runs: { total: cells, succeeded: cells },
    metricSteps: audit.metricSteps.map((m) => ({ recorded: m.expected, expected: m.expected })),
    checkpoints: audit.checkpoints.map((c) => ({
      recorded: c.expected,
      present: c.expected.length,
      expected: c.expected,
    })),
    retrainings: { total: retrainings, succeeded: retrainings, childWorkflowsStarted: retrainings },
    activities: { scheduled: cells, completed: cells },
    resumedFrom: audit.resumedFrom,
  };
}

// Retried attempts of one activity are one scheduled event: a second scheduled (or completed)
// learnStructure for the same cell would be a duplicated training.
async function historyCounts(temporal: Client, sweepId: string) {
  const history = await temporal.workflow.getHandle(sweepWorkflowId(sweepId)).fetchHistory();
  const events = history.events ?? [];
  const learn = new Set<string>();
  let scheduled = 0;
  let completed = 0;
  let children = 0;
  const resumedFrom: Record<string, number | null> = {};
  for (const event of events) {
    const s = event.activityTaskScheduledEventAttributes;
    if (s?.activityType?.name === 'learnStructure') {
      scheduled++;
      learn.add(String(event.eventId));
    }
    const c = event.activityTaskCompletedEventAttributes;
    if (c && learn.has(String(c.scheduledEventId))) {
      completed++;
      const data = c.result?.payloads?.[0]?.data;
      const outcome = JSON.parse(Buffer.from(data ?? []).toString()) as {
        runId: string;
        resumedFromStep: number | null;
      };
      resumedFrom[outcome.runId] = outcome.resumedFromStep;
    }
    if (event.startChildWorkflowExecutionInitiatedEventAttributes) children++;
  }
  return { scheduled, completed, children, resumedFrom };
}
