import type { MessageEvent } from '@nestjs/common';
import { Observable } from 'rxjs';
import type { ChangeFeed } from '@morphsweep/db';
import type { ChangePoller, PolledChange } from './change-poller';
import { CHANGE_TOPICS, isAfter, readerOf, type TopicPositions } from './change-topic';
import { encodeEventId, positionAt } from './event-id';

/** How often an idle stream sends a `ping` (which also carries the client's position). */
export const PING_MS = 15_000;

// A resume reads at most this many pages of 500 rows per topic; a client further behind
// continues from there (the dashboard refetches its queries on every reconnect anyway).
const CATCH_UP_PAGES = 20;
const PAGE = 500;

export interface ClientStreamOptions {
  sweepId?: string;
  /** Where the client stood (its `Last-Event-ID`); absent: from now on. */
  resumeFrom?: TopicPositions;
}

/**
 * One SSE client: the shared poller's changes of its sweep (if any), each event's `id:` the
 * client's position in both topics. A resumed client first reads what it missed strictly
 * after its `Last-Event-ID` from the feed, while live changes wait in a buffer; then the buffer
 * is flushed without the versions the catch-up already sent. A resume does not re-read behind
 * its position (late commits before the drop are for the reconnect refetch to repair): the
 * client saw everything up to it, and a re-read would send it again.
 */
export function clientStream(
  poller: ChangePoller,
  feed: ChangeFeed,
  options: ClientStreamOptions,
): Observable<MessageEvent> {
  return new Observable<MessageEvent>((subscriber) => {
    const now = positionAt(new Date());
    const start: TopicPositions = options.resumeFrom ?? { run: now, retraining: now };
    const positions: TopicPositions = { ...start };
    const caughtUp = new Map<string, string>();
    let buffer: PolledChange[] | undefined = options.resumeFrom ? [] : undefined;

    const send = ({ topic, change }: PolledChange) => {
      if (isAfter(change, positions[topic])) positions[topic] = change;
      subscriber.next({ type: topic, id: encodeEventId(positions), data: change });
    };
    const ping = () => subscriber.next({ type: 'ping', id: encodeEventId(positions), data: {} });
    const live = (polled: PolledChange) => {
      if (options.sweepId && polled.change.sweepId !== options.sweepId) return;
      if (polled.change.updatedAt < start[polled.topic].updatedAt) return;
      if (buffer) buffer.push(polled);
      else if (!isCaughtUp(polled)) send(polled);
    };
    // A live version equal to one the catch-up sent is the same change read twice.
    const isCaughtUp = ({ change }: PolledChange) => {
      const json = caughtUp.get(change.id);
      if (json === undefined) return false;
      caughtUp.delete(change.id);
      return json === JSON.stringify(change);
    };

    const unsubscribe = poller.subscribe(live);
    const pinger = setInterval(ping, PING_MS);
    ping();
    if (options.resumeFrom) {
      void catchUp(feed, options.resumeFrom, options.sweepId, (polled) => {
        caughtUp.set(polled.change.id, JSON.stringify(polled.change));
        send(polled);
      })
        .catch(() => undefined) // the live stream goes on; the client's refetch covers the gap
        .finally(() => {
          const waiting = buffer ?? [];
          buffer = undefined;
          for (const polled of waiting) if (!isCaughtUp(polled)) send(polled);
        });
    }
    return () => {
      clearInterval(pinger);
      unsubscribe();
    };
  });
}

/** Sends every change strictly after `from`, per topic, oldest first (bounded). */
async function catchUp(
  feed: ChangeFeed,
  from: TopicPositions,
  sweepId: string | undefined,
  send: (polled: PolledChange) => void,
): Promise<void> {
  for (const topic of CHANGE_TOPICS) {
    const read = readerOf(feed, topic);
    let position = from[topic];
    for (let page = 0; page < CATCH_UP_PAGES; page++) {
      const rows = await read(position, { limit: PAGE, ...(sweepId ? { sweepId } : {}) });
      for (const change of rows) send({ topic, change });
      if (rows.length < PAGE) break;
      position = rows.at(-1)!;
    }
  }
}
