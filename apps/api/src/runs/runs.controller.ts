import { Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiTags,
} from '@nestjs/swagger';
import { ApiQueryFrom } from '../common/openapi-schema';
import { parseWith } from '../common/pagination.dto';
import { UuidPipe } from '../common/uuid.pipe';
import { listRunsQuerySchema, metricsQuerySchema, structureQuerySchema } from './runs.dto';
import { RunsService } from './runs.service';

@ApiTags('runs')
@Controller()
export class RunsController {
  constructor(private readonly runs: RunsService) {}

  /** Runs of a sweep: paginated, filterable by status, sortable by cost/accuracy/status. */
  @Get('sweeps/:id/runs')
  @ApiQueryFrom(listRunsQuerySchema)
  @ApiNotFoundResponse({ description: 'No sweep with this id' })
  list(@Param('id', UuidPipe) sweepId: string, @Query() query: unknown) {
    return this.runs.listForSweep(sweepId, parseWith(listRunsQuerySchema, query));
  }

  /** Every run of a sweep as a chart point (cell, status, cost, accuracy, frontier flag), unpaged. */
  @Get('sweeps/:id/points')
  @ApiNotFoundResponse({ description: 'No sweep with this id' })
  points(@Param('id', UuidPipe) sweepId: string) {
    return this.runs.points(sweepId);
  }

  /** The run's training curve in step order: keyset pages by step, or downsampled with `maxPoints`. */
  @Get('runs/:id/metrics')
  @ApiQueryFrom(metricsQuerySchema)
  @ApiNotFoundResponse({ description: 'No run with this id' })
  metrics(@Param('id', UuidPipe) id: string, @Query() query: unknown) {
    return this.runs.metrics(id, parseWith(metricsQuerySchema, query));
  }

  /** Promotes the run's learned structure to retraining from scratch; 409 without a structure. */
  @Post('runs/:id/promote')
  @ApiBearerAuth()
  @ApiAcceptedResponse({
    description:
      '{retrainingId, workflowId, created}: the retraining of this structure, created: false when it was promoted before',
  })
  @ApiNotFoundResponse({ description: 'No run with this id' })
  @ApiConflictResponse({
    description: 'The run has no learned structure (it has not succeeded); nothing is started',
  })
  @HttpCode(202)
  promote(@Param('id', UuidPipe) id: string) {
    return this.runs.promote(id);
  }

  /** Downloads the learned structure: `?format=morphnet` (alive counts, default) or `network` (slimmed description). */
  @Get('runs/:id/structure')
  @ApiQueryFrom(structureQuerySchema)
  @ApiNotFoundResponse({ description: 'No run with this id' })
  @ApiConflictResponse({ description: 'The run has no learned structure yet' })
  async structure(
    @Param('id', UuidPipe) id: string,
    @Query() query: unknown,
    @Res() res: Response,
  ) {
    const { format } = parseWith(structureQuerySchema, query);
    const { body, filename } = await this.runs.structure(id, format);
    res.type('application/json').attachment(filename).send(body);
  }

  /** One run with its learned structure, artifacts, errors, attempts, worker and backend (its curve: /metrics). */
  @Get('runs/:id')
  @ApiNotFoundResponse({ description: 'No run with this id' })
  get(@Param('id', UuidPipe) id: string) {
    return this.runs.get(id);
  }
}
