import { Controller, Query, Sse, type MessageEvent } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Observable } from 'rxjs';
import { z } from 'zod';
import { RunChangeFeed } from '@morphsweep/db';
import { parseWith } from '../common/pagination.dto';

const eventsQuerySchema = z.object({ sweepId: z.uuid().optional() });

// How often the feed is polled, and how often an idle stream sends a keep-alive.
const POLL_MS = 1_000;
const PING_EVERY_POLLS = 15;

/**
 * `GET /api/events[?sweepId=]`: server-sent events. A `run` event carries a run whose state,
 * progress or result changed (id, sweep, status, step, progress, cost, accuracy, Pareto flag,
 * error); `ping` keeps idle connections open. Changes are read from the database, so every
 * API replica sees every worker's writes.
 */
@ApiTags('events')
@Controller('events')
export class EventsController {
  constructor(private readonly feed: RunChangeFeed) {}

  @Sse()
  @ApiOkResponse({ description: 'text/event-stream of `run` and `ping` events' })
  stream(@Query() query: unknown): Observable<MessageEvent> {
    const { sweepId } = parseWith(eventsQuerySchema, query);
    return new Observable<MessageEvent>((subscriber) => {
      let cursor = new Date();
      const sent = new Map<string, number>();
      let polls = 0;
      let busy = false;
      const timer = setInterval(async () => {
        if (busy) return;
        busy = true;
        try {
          const changes = await this.feed.changedSince(cursor, sweepId ? { sweepId } : {});
          for (const change of changes) {
            const at = change.updatedAt.getTime();
            if ((sent.get(change.id) ?? -1) >= at) continue;
            sent.set(change.id, at);
            subscriber.next({ type: 'run', data: change });
          }
          const last = changes.at(-1);
          if (last) cursor = last.updatedAt;
          if (++polls % PING_EVERY_POLLS === 0) subscriber.next({ type: 'ping', data: {} });
        } catch {
          // A failed poll is retried on the next tick; the stream stays open.
        } finally {
          busy = false;
        }
      }, POLL_MS);
      return () => clearInterval(timer);
    });
  }
}
