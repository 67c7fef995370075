/** One server-sent event of `/api/events`: a run's or a retraining's changed row. */
export interface StreamEvent {
  type: string;
  id: string;
  data: { id: string; sweepId: string; updatedAt: string; status: string };
}

/** The events a client of one sweep's stream received, and what they say. */
export interface EventAudit {
  /** Row ids whose newest event is not `final` (a final state the client never saw). */
  notFinal: string[];
  /** Events of one row version (same id and updatedAt) received more than once. */
  repeated: number;
  rows: number;
}

/**
 * Opens `/api/events` as the dashboard does and keeps every `run` and `retraining` event
 * until `close()` (open it before submitting: a stream starts at the time it opens). Reads
 * the body as it streams; an event's lines are `event:`, `id:` and `data:`.
 */
export async function collectEvents(apiUrl: string) {
  const abort = new AbortController();
  const res = await fetch(`${apiUrl}/api/events`, {
    headers: { accept: 'text/event-stream' },
    signal: abort.signal,
  });
  if (!res.ok || !res.body) throw new Error(`/api/events answered ${res.status}`);
  const events: StreamEvent[] = [];
  const reading = (async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const fields = Object.fromEntries(
          buffer
            .slice(0, end)
            .split('\n')
            .map((line) => [
              line.slice(0, line.indexOf(':')),
              line.slice(line.indexOf(':') + 1).trim(),
            ]),
        );
        buffer = buffer.slice(end + 2);
        if (fields['event'] === 'run' || fields['event'] === 'retraining') {
          events.push({
            type: fields['event'],
            id: fields['id'] ?? '',
            data: JSON.parse(fields['data'] ?? 'null') as StreamEvent['data'],
          });
        }
      }
    }
  })().catch((error: unknown) => {
    if (!abort.signal.aborted) throw error;
  });
  return {
    events,
    async close(): Promise<void> {
      abort.abort();
      await reading;
    },
  };
}

/**
 * Whether the newest event of each row of `sweepId` has a status in `final`, and whether any
 * row version (id and updatedAt) came twice.
 */
export function auditEvents(
  events: readonly StreamEvent[],
  sweepId: string,
  final: readonly string[],
): EventAudit {
  const newest = new Map<string, StreamEvent>();
  const versions = new Set<string>();
  let repeated = 0;
  for (const event of events.filter((e) => e.data.sweepId === sweepId)) {
    const version = `${event.type}/${event.data.id}/${event.data.updatedAt}`;
    if (versions.has(version)) repeated++;
    versions.add(version);
    newest.set(`${event.type}/${event.data.id}`, event);
  }
  const notFinal = [...newest]
    .filter(([, e]) => !final.includes(e.data.status))
    .map(([key]) => key);
  return { notFinal, repeated, rows: newest.size };
}
