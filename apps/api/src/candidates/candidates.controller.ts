import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import {
  candidateResponseSchema,
  pageSchema,
  sweepCandidateResponseSchema,
} from '@morphsweep/contracts';
import { ApiContract } from '../common/api-contract.decorator';
import { pageQuerySchema, parseWith } from '../common/pagination.dto';
import { idParamsSchema, UuidPipe } from '../common/uuid.pipe';
import { CandidatesService } from './candidates.service';

/** Candidates: runs' structures at other alive thresholds and steps (spec field `candidates`). */
@ApiTags('candidates')
@Controller()
export class CandidatesController {
  constructor(private readonly candidates: CandidatesService) {}

  @Get('runs/:id/candidates')
  @ApiContract({
    params: idParamsSchema,
    responses: {
      200: z
        .array(candidateResponseSchema)
        .describe("The run's structure at each step and threshold"),
    },
    errors: { 404: 'No run with this id' },
  })
  forRun(@Param('id', UuidPipe) id: string) {
    return this.candidates.forRun(id);
  }

  @Get('sweeps/:id/candidates')
  @ApiContract({
    params: idParamsSchema,
    query: pageQuerySchema,
    responses: {
      200: pageSchema(sweepCandidateResponseSchema).describe(
        "One page of the sweep's distinct candidate structures, cost ascending",
      ),
    },
    errors: { 404: 'No sweep with this id' },
  })
  forSweep(@Param('id', UuidPipe) id: string, @Query() query: unknown) {
    return this.candidates.forSweep(id, parseWith(pageQuerySchema, query));
  }
}
