import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { z } from 'zod';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { parseWith } from '../common/pagination.dto';
import { listRunsQuerySchema } from './runs.dto';
import { RunsService } from './runs.service';

@ApiTags('runs')
@Controller()
export class RunsController {
  constructor(private readonly runs: RunsService) {}

  /** Runs of a sweep: paginated, filterable by status, sortable by cost/accuracy/status. */
  @Get('sweeps/:id/runs')
  list(@Param('id', ParseUUIDPipe) sweepId: string, @Query() query: unknown) {
    return this.runs.listForSweep(sweepId, parseWith(listRunsQuerySchema, query));
  }

  /** One run with its learned structure, curve points, errors, attempts, worker and backend. */
  /** Promotes the run's learned structure to retraining from scratch; 409 without a structure. */
  @Post('runs/:id/promote')
  @ApiBearerAuth()
  @HttpCode(202)
  promote(@Param('id', ParseUUIDPipe) id: string) {
    return this.runs.promote(id);
  }

  /** Downloads the learned structure: `?format=morphnet` (alive counts, default) or `network` (slimmed description). */
  @Get('runs/:id/structure')
  async structure(@Param('id', ParseUUIDPipe) id: string, @Query() query: unknown, @Res() res: Response) {
    const { format } = parseWith(z.object({ format: z.enum(['morphnet', 'network']).default('morphnet') }), query);
    const { body, filename } = await this.runs.structure(id, format);
    res.type('application/json').attachment(filename).send(body);
  }

  @Get('runs/:id')
  get(@Param('id', ParseUUIDPipe) id: string) {
    return this.runs.get(id);
  }
}
