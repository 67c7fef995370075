// What a sweep's workflow histories say about its orchestration: runs of the continue-as-new
// chain, events, workflow tasks and their latency, activities by type, each cell's round trip.
import type { Client } from '@temporalio/client';

/** Figures over every run of one workflow id's continue-as-new chain. */
export interface HistoryStats {
  runs: number;
  eventsPerRun: number[];
  workflowTasks: number;
  activities: Record<string, number>;
  /** learnStructure ActivityTaskScheduled → ActivityTaskCompleted, ms. */
  cellRoundTripsMs: number[];
  /** WorkflowTaskScheduled → WorkflowTaskStarted (waiting for a worker), ms. */
  taskWaitsMs: number[];
  /** WorkflowTaskStarted → WorkflowTaskCompleted (the worker's turn), ms. */
  taskRunsMs: number[];
}

type Event = NonNullable<
  Awaited<ReturnType<ReturnType<Client['workflow']['getHandle']>['fetchHistory']>>['events']
>[number];

const timeMs = (e: Event) =>
  Number(e.eventTime?.seconds ?? 0) * 1000 + (e.eventTime?.nanos ?? 0) / 1e6;

/** Reads every run of `workflowId` and sums up its events. */
export async function historyStats(client: Client, workflowId: string): Promise<HistoryStats> {
  const stats: HistoryStats = {
    runs: 0,
    eventsPerRun: [],
    workflowTasks: 0,
    activities: {},
    cellRoundTripsMs: [],
    taskWaitsMs: [],
    taskRunsMs: [],
  };
  for await (const wf of client.workflow.list({ query: `WorkflowId = '${workflowId}'` })) {
    const history = await client.workflow.getHandle(wf.workflowId, wf.runId).fetchHistory();
    const events = history.events ?? [];
    stats.runs++;
    stats.eventsPerRun.push(events.length);
    const at = new Map(events.map((e) => [String(e.eventId), e]));
    for (const e of events) {
      const scheduled = e.activityTaskScheduledEventAttributes;
      if (scheduled) {
        const name = scheduled.activityType?.name ?? '?';
        stats.activities[name] = (stats.activities[name] ?? 0) + 1;
      }
      const completed = e.activityTaskCompletedEventAttributes;
      const from = completed && at.get(String(completed.scheduledEventId));
      if (from?.activityTaskScheduledEventAttributes?.activityType?.name === 'learnStructure')
        stats.cellRoundTripsMs.push(timeMs(e) - timeMs(from));
      const started = e.workflowTaskStartedEventAttributes;
      const waited = started && at.get(String(started.scheduledEventId));
      if (waited) stats.taskWaitsMs.push(timeMs(e) - timeMs(waited));
      const done = e.workflowTaskCompletedEventAttributes;
      const ran = done && at.get(String(done.startedEventId));
      if (ran) {
        stats.workflowTasks++;
        stats.taskRunsMs.push(timeMs(e) - timeMs(ran));
      }
    }
  }
  return stats;
}
