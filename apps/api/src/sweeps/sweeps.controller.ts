import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiQueryFrom } from '../common/openapi-schema';
import { parseWith } from '../common/pagination.dto';
import { UuidPipe } from '../common/uuid.pipe';
import { ValidationError } from '../common/validation.error';
import {
  IDEMPOTENCY_KEY_MAX_LENGTH,
  idempotencyKeySchema,
  listSweepsQuerySchema,
} from './sweeps.dto';
import { SweepsService } from './sweeps.service';

@ApiTags('sweeps')
@Controller('sweeps')
export class SweepsController {
  constructor(private readonly sweeps: SweepsService) {}

  /** Submits a sweep: 201 with the new sweep, or 200 with the earlier one for a repeated Idempotency-Key. */
  @Post()
  @ApiBearerAuth()
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: `A retried POST with the same key returns the same sweep; 1–${IDEMPOTENCY_KEY_MAX_LENGTH} visible ASCII characters (! to ~)`,
  })
  @ApiCreatedResponse({ description: 'The new sweep, its cells written and its workflow started' })
  @ApiOkResponse({
    description:
      'The sweep an earlier POST with this Idempotency-Key created; nothing new is started',
  })
  @ApiBadRequestResponse({
    description: 'Invalid spec: `issues` lists each field path and reason; nothing is written',
  })
  @ApiConflictResponse({
    description: 'The Idempotency-Key was used before for a different spec; nothing is written',
  })
  @HttpCode(201)
  async create(
    @Body() body: unknown,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    const key = idempotencyKey ? parseIdempotencyKey(idempotencyKey) : undefined;
    const { sweep, created } = await this.sweeps.create(body, key);
    if (!created) res.status(200);
    return sweep;
  }

  /** Stops the sweep's trainings and cancels its remaining cells (202); 409 if it is already final. */
  @Post(':id/cancel')
  @ApiBearerAuth()
  @ApiAcceptedResponse({
    description: 'Cancellation sent to the sweep workflow; the sweep as it was',
  })
  @ApiNotFoundResponse({ description: 'No sweep with this id' })
  @ApiConflictResponse({ description: 'The sweep is already final; nothing is sent' })
  @HttpCode(202)
  cancel(@Param('id', UuidPipe) id: string) {
    return this.sweeps.cancel(id);
  }

  /** Re-runs only the FAILED and CANCELLED cells, each from its last checkpoint (202); 409 if none. */
  @Post(':id/resume')
  @ApiBearerAuth()
  @ApiAcceptedResponse({
    description:
      'Resume sent to the sweep workflow (started again if it had closed); the sweep as it was',
  })
  @ApiNotFoundResponse({ description: 'No sweep with this id' })
  @ApiConflictResponse({
    description:
      'No FAILED or CANCELLED run to resume (e.g. a sweep that succeeded); nothing is sent',
  })
  @HttpCode(202)
  resume(@Param('id', UuidPipe) id: string) {
    return this.sweeps.resumeFailed(id);
  }

  /** Sweeps, newest first, paginated, optionally only those in one state. */
  @Get()
  @ApiQueryFrom(listSweepsQuerySchema)
  list(@Query() query: unknown) {
    return this.sweeps.list(parseWith(listSweepsQuerySchema, query));
  }

  /** One sweep with its counts per state and its Pareto frontier. */
  @Get(':id')
  @ApiNotFoundResponse({ description: 'No sweep with this id' })
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
