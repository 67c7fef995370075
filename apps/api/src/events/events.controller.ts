import { Controller, Query, Sse, type MessageEvent } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Observable } from 'rxjs';
import { z } from 'zod';
import { ChangeFeed, type ChangeFeedOptions } from '@morphsweep/db';
import { parseWith } from '../common/pagination.dto';

const eventsQuerySchema = z.object({ sweepId: z.uuid().optional() });

// How often the feed is polled, and how often an idle stream sends a keep-alive.
const POLL_MS = 1_000;
const PING_EVERY_POLLS = 15;

/** One kind of change the stream follows, with its own cursor. */
interface Topic {
  type: 'run' | 'retraining';
  read: (
    cursor: Date,
    options: ChangeFeedOptions,
  ) => Promise<Array<{ id: string; updatedAt: Date }>>;
  cursor: Date;
  sent: Map<string, number>;
}

/**
 * `GET /api/events[?sweepId=]`: server-sent events. A `run` event carries a run whose state,
 * progress or result changed (id, sweep, status, step, progress, cost, accuracy, Pareto flag,
 * error); a `retraining` event a retraining whose state or result changed (id, sweep, source
 * run, kind, status, final accuracy, measured cost, error); `ping` keeps idle connections
 * open. Changes are read from the database, so every API replica sees every worker's writes.
 */
@ApiTags('events')
@Controller('events')
export class EventsController {
  constructor(private readonly feed: ChangeFeed) {}

  @Sse()
  @ApiOkResponse({ description: 'text/event-stream of `run`, `retraining` and `ping` events' })
  stream(@Query() query: unknown): Observable<MessageEvent> {
    const { sweepId } = parseWith(eventsQuerySchema, query);
    const options = sweepId ? { sweepId } : {};
    return new Observable<MessageEvent>((subscriber) => {
      const now = new Date();
      const topics: Topic[] = [
        {
          type: 'run',
          read: (c, o) => this.feed.runsChangedSince(c, o),
          cursor: now,
          sent: new Map(),
        },
        {
          type: 'retraining',
          read: (c, o) => this.feed.retrainingsChangedSince(c, o),
          cursor: now,
          sent: new Map(),
        },
      ];
      let polls = 0;
      let busy = false;
      const timer = setInterval(async () => {
        if (busy) return;
        busy = true;
        try {
          for (const topic of topics) {
            const changes = await topic.read(topic.cursor, options);
            for (const change of changes) {
              const at = change.updatedAt.getTime();
              if ((topic.sent.get(change.id) ?? -1) >= at) continue;
              topic.sent.set(change.id, at);
              subscriber.next({ type: topic.type, data: change });
            }
            const last = changes.at(-1);
            if (last) topic.cursor = last.updatedAt;
          }
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
