import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
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

  @Get('runs/:id')
  get(@Param('id', ParseUUIDPipe) id: string) {
    return this.runs.get(id);
  }
}
