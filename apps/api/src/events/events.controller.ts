import {
  Controller,
  Headers,
  Inject,
  Query,
  ServiceUnavailableException,
  Sse,
  type MessageEvent,
} from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Observable } from 'rxjs';
import { z } from 'zod';
import { ChangeFeed } from '@morphsweep/db';
import { ApiContract } from '../common/api-contract.decorator';
import { parseWith } from '../common/pagination.dto';
import { API_CONFIG, type ApiConfig } from '../config/api.config';
import { ChangePoller } from './change-poller';
import { clientStream } from './client-stream';
import { decodeEventId } from './event-id';

const eventsQuerySchema = z.object({
  sweepId: z.uuid().optional().describe("Only this sweep's runs and retrainings"),
});
const eventsHeadersSchema = z.object({
  'last-event-id': z
    .string()
    .optional()
    .describe('The `id` of the last event received: the stream resumes strictly after it'),
});

/**
 * `GET /api/events[?sweepId=]`: server-sent events. A `run` event carries a run whose state,
 * progress or result changed (id, sweep, status, step, progress, cost, accuracy, Pareto flag,
 * error); a `retraining` event a retraining whose state or result changed (id, sweep, source
 * run, kind, status, final accuracy, measured cost, error); `ping` keeps idle connections
 * open. Changes are read from the database, so every API replica sees every worker's writes;
 * one shared poller per process serves every client. Every event's `id:` is the client's
 * position: a reconnect sending it as `Last-Event-ID` resumes strictly after it. Over
 * `EVENTS_MAX_CLIENTS` open streams, a new one is refused with 503.
 */
@ApiTags('events')
@Controller('events')
export class EventsController {
  constructor(
    private readonly feed: ChangeFeed,
    private readonly poller: ChangePoller,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  @Sse()
  @ApiContract({
    query: eventsQuerySchema,
    headers: eventsHeadersSchema,
    responses: {
      200: {
        description: '`run`, `retraining` and `ping` events',
        contentType: 'text/event-stream',
      },
    },
    errors: { 503: 'EVENTS_MAX_CLIENTS streams are open already, or the database is unavailable' },
  })
  stream(
    @Query() query: unknown,
    @Headers('last-event-id') lastEventId?: string,
  ): Observable<MessageEvent> {
    const { sweepId } = parseWith(eventsQuerySchema, query);
    if (this.poller.listenerCount >= this.config.EVENTS_MAX_CLIENTS) {
      throw new ServiceUnavailableException(
        `${this.config.EVENTS_MAX_CLIENTS} event streams are open (EVENTS_MAX_CLIENTS); retry later`,
      );
    }
    const resumeFrom = decodeEventId(lastEventId);
    return clientStream(this.poller, this.feed, {
      ...(sweepId ? { sweepId } : {}),
      ...(resumeFrom ? { resumeFrom } : {}),
    });
  }
}
