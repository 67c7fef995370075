import { createParser } from 'eventsource-parser';
import type { ApiClient } from './api-client';
import { EXIT, RemoteError } from './exit-codes';

/** One server-sent event: its type (`run`, `retraining`, `ping`), id and parsed data. */
export interface StreamEvent {
  type: string;
  id: string | undefined;
  data: unknown;
}

export interface EventStreamOptions {
  /** Called for each event, in order; the next waits for it. */
  onEvent: (event: StreamEvent) => void | Promise<void>;
  /** Called after a dropped stream was opened again (events may have been missed before it). */
  onReconnect?: () => void | Promise<void>;
  /** Stops the stream; `follow` then resolves. */
  signal: AbortSignal;
  /** How long the API may stay unreachable before giving up [2 min: a deploy or restart]. */
  giveUpAfterMs?: number;
}

/**
 * Follows `path` (an `/api/events` URL) until `signal` aborts. A dropped stream is opened
 * again with the last event's id as `Last-Event-ID`, so the API resumes strictly after it;
 * an API unreachable for `giveUpAfterMs` is a RemoteError (exit 3).
 */
export async function followEvents(
  client: ApiClient,
  path: string,
  options: EventStreamOptions,
): Promise<void> {
  const giveUpAfterMs = options.giveUpAfterMs ?? 120_000;
  let lastEventId: string | undefined;
  let failingSince: number | undefined;
  for (let attempt = 0; !options.signal.aborted; attempt++) {
    try {
      const res = await client.send('GET', path, {
        headers: {
          accept: 'text/event-stream',
          ...(lastEventId ? { 'last-event-id': lastEventId } : {}),
        },
        signal: options.signal,
      });
      failingSince = undefined;
      if (attempt > 0) await options.onReconnect?.();
      const queue: StreamEvent[] = [];
      const parser = createParser({
        onEvent: (e) => {
          queue.push({ type: e.event ?? 'message', id: e.id, data: parseData(e.data) });
        },
      });
      const decoder = new TextDecoder();
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        parser.feed(decoder.decode(chunk, { stream: true }));
        for (const event of queue.splice(0)) {
          if (event.id) lastEventId = event.id;
          await options.onEvent(event);
        }
      }
    } catch (error) {
      if (options.signal.aborted) return;
      const unreachable = error instanceof RemoteError && error.exitCode === EXIT.unreachable;
      const dropped = !(error instanceof RemoteError); // the body stream broke
      if (!unreachable && !dropped) throw error;
      failingSince ??= Date.now();
      if (Date.now() - failingSince > giveUpAfterMs) {
        throw error instanceof RemoteError
          ? error
          : new RemoteError(
              `the event stream of ${client.baseUrl} broke: ${String(error)}`,
              EXIT.unreachable,
            );
      }
    }
    if (!options.signal.aborted) await delay(1_000, options.signal);
  }
}

function parseData(data: string): unknown {
  try {
    return JSON.parse(data) as unknown;
  } catch {
    return data;
  }
}

function delay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });
}
