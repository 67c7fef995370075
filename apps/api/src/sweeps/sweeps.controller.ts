import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { z } from 'zod';
import {
  pageSchema,
  sweepDetailResponseSchema,
  sweepResponseSchema,
  sweepSpecSchema,
  sweepSummarySchema,
} from '@morphsweep/contracts';
import { ApiContract } from '../common/api-contract.decorator';
import { parseWith } from '../common/pagination.dto';
import { idParamsSchema, UuidPipe } from '../common/uuid.pipe';
import { ValidationError } from '../common/validation.error';
import {
  IDEMPOTENCY_KEY_MAX_LENGTH,
  idempotencyKeySchema,
  listSweepsQuerySchema,
} from './sweeps.dto';
import { SweepsService } from './sweeps.service';

const createHeadersSchema = z.object({
  'idempotency-key': idempotencyKeySchema
    .optional()
    .describe(
      `A retried POST with the same key returns the same sweep; 1–${IDEMPOTENCY_KEY_MAX_LENGTH} visible ASCII characters (! to ~)`,
    ),
});

@ApiTags('sweeps')
@Controller('sweeps')
export class SweepsController {
  constructor(private readonly sweeps: SweepsService) {}

  /** Submits a sweep: 201 with the new sweep, or 200 with the earlier one for a repeated Idempotency-Key. */
  @Post()
  @ApiContract({
    headers: createHeadersSchema,
    body: sweepSpecSchema,
    responses: {
      201: sweepResponseSchema.describe(
        'The new sweep, its cells written and its workflow started',
      ),
      200: sweepResponseSchema.describe(
        'The sweep an earlier POST with this Idempotency-Key created; nothing new is started',
      ),
    },
    errors: {
      400: 'Invalid spec (also: an unknown zoo network, a network description morphnet rejects, a submission limit exceeded): `issues` lists each field path and reason; nothing is written',
      409: 'The Idempotency-Key was used before for a different spec; nothing is written',
    },
  })
  @HttpCode(201)
  async create(
    @Body() body: unknown,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    const key = idempotencyKey === undefined ? undefined : parseIdempotencyKey(idempotencyKey);
    const { sweep, created } = await this.sweeps.create(body, key);
    if (!created) res.status(200);
    return sweep;
  }

  /** Stops the sweep's trainings and cancels its remaining cells (202); 409 if it is already final. */
  @Post(':id/cancel')
  @ApiContract({
    params: idParamsSchema,
    responses: {
      202: sweepResponseSchema.describe(
        'Cancellation sent to the sweep workflow; the sweep as it was',
      ),
    },
    errors: {
      404: 'No sweep with this id',
      409: 'The sweep is already final; nothing is sent',
    },
  })
  @HttpCode(202)
  cancel(@Param('id', UuidPipe) id: string) {
    return this.sweeps.cancel(id);
  }

  /** Re-runs only the FAILED and CANCELLED cells, each from its last checkpoint (202); 409 if none. */
  @Post(':id/resume')
  @ApiContract({
    params: idParamsSchema,
    responses: {
      202: sweepResponseSchema.describe(
        'Resume sent to the sweep workflow (started again if it had closed); the sweep as it was',
      ),
    },
    errors: {
      404: 'No sweep with this id',
      409: 'No FAILED or CANCELLED run to resume (e.g. a sweep that succeeded); nothing is sent',
    },
  })
  @HttpCode(202)
  resume(@Param('id', UuidPipe) id: string) {
    return this.sweeps.resumeFailed(id);
  }

  /** Sweeps, newest first, paginated, optionally only those in one state. */
  @Get()
  @ApiContract({
    query: listSweepsQuerySchema,
    responses: { 200: pageSchema(sweepSummarySchema).describe('One page of sweeps, newest first') },
  })
  list(@Query() query: unknown) {
    return this.sweeps.list(parseWith(listSweepsQuerySchema, query));
  }

  /** One sweep with its counts per state and its Pareto frontier. */
  @Get(':id')
  @ApiContract({
    params: idParamsSchema,
    responses: { 200: sweepDetailResponseSchema.describe('The sweep with its Pareto summary') },
    errors: { 404: 'No sweep with this id' },
  })
  get(@Param('id', UuidPipe) id: string) {
    return this.sweeps.get(id);
  }
}

// A header, not a body field: its issue is on the header's name.
function parseIdempotencyKey(raw: string): string {
  const parsed = idempotencyKeySchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const message = parsed.error.issues.map((i) => i.message).join('; ');
  throw new ValidationError([{ path: 'idempotency-key', message }]);
}
