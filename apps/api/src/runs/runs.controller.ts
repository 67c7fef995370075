import { Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import {
  metricPageResponseSchema,
  pageSchema,
  runDetailResponseSchema,
  runPointsResponseSchema,
  runResponseSchema,
} from '@morphsweep/contracts';
import { ApiContract } from '../common/api-contract.decorator';
import { parseWith } from '../common/pagination.dto';
import { idParamsSchema, UuidPipe } from '../common/uuid.pipe';
import { promoteResponseSchema } from './promote.dto';
import { listRunsQuerySchema, metricsQuerySchema, structureQuerySchema } from './runs.dto';
import { RunsService } from './runs.service';

@ApiTags('runs')
@Controller()
export class RunsController {
  constructor(private readonly runs: RunsService) {}

  /** Runs of a sweep: paginated, filterable by status, sortable by cost/accuracy/status. */
  @Get('sweeps/:id/runs')
  @ApiContract({
    params: idParamsSchema,
    query: listRunsQuerySchema,
    responses: { 200: pageSchema(runResponseSchema).describe('One page of runs') },
    errors: { 404: 'No sweep with this id' },
  })
  list(@Param('id', UuidPipe) sweepId: string, @Query() query: unknown) {
    return this.runs.listForSweep(sweepId, parseWith(listRunsQuerySchema, query));
  }

  /** Every run of a sweep as a chart point (cell, status, cost, accuracy, frontier flag), unpaged. */
  @Get('sweeps/:id/points')
  @ApiContract({
    params: idParamsSchema,
    responses: { 200: runPointsResponseSchema.describe("Every run's chart point") },
    errors: { 404: 'No sweep with this id' },
  })
  points(@Param('id', UuidPipe) sweepId: string) {
    return this.runs.points(sweepId);
  }

  /** The run's training curve in step order: keyset pages by step, or downsampled with `maxPoints`. */
  @Get('runs/:id/metrics')
  @ApiContract({
    params: idParamsSchema,
    query: metricsQuerySchema,
    responses: { 200: metricPageResponseSchema.describe('Metric points in step order') },
    errors: {
      400: 'A query field out of range, or both limit and maxPoints',
      404: 'No run with this id',
    },
  })
  metrics(@Param('id', UuidPipe) id: string, @Query() query: unknown) {
    return this.runs.metrics(id, parseWith(metricsQuerySchema, query));
  }

  /** Promotes the run's learned structure to retraining from scratch; 409 without a structure. */
  @Post('runs/:id/promote')
  @ApiContract({
    params: idParamsSchema,
    responses: { 202: promoteResponseSchema.describe('The retraining of this structure') },
    errors: {
      404: 'No run with this id',
      409: 'The run has no learned structure (it has not succeeded); nothing is started',
    },
  })
  @HttpCode(202)
  promote(@Param('id', UuidPipe) id: string) {
    return this.runs.promote(id);
  }

  /** Downloads the learned structure: `?format=morphnet` (alive counts, default) or `network` (slimmed description). */
  @Get('runs/:id/structure')
  @ApiContract({
    params: idParamsSchema,
    query: structureQuerySchema,
    responses: {
      200: z
        .record(z.string(), z.unknown())
        .describe('A JSON attachment: alive counts per op, or the slimmed network description'),
    },
    errors: { 404: 'No run with this id', 409: 'The run has no learned structure yet' },
  })
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
  @ApiContract({
    params: idParamsSchema,
    responses: { 200: runDetailResponseSchema.describe('The run') },
    errors: { 404: 'No run with this id' },
  })
  get(@Param('id', UuidPipe) id: string) {
    return this.runs.get(id);
  }
}
