import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { pageSchema, retrainingResponseSchema } from '@morphsweep/contracts';
import { RetrainingRepository } from '@morphsweep/db';
import { ApiContract } from '../common/api-contract.decorator';
import { pageQuerySchema, parseWith } from '../common/pagination.dto';
import { idParamsSchema, UuidPipe } from '../common/uuid.pipe';
import { toRetrainingDto } from './retrainings.dto';

const listQuerySchema = pageQuerySchema.extend({
  sweepId: z.uuid().optional().describe("Only this sweep's retrainings"),
});

/** Retrainings of learned structures (and width-multiplier baselines). Read-only. */
@ApiTags('retrainings')
@Controller('retrainings')
export class RetrainingsController {
  constructor(private readonly retrainings: RetrainingRepository) {}

  @Get()
  @ApiContract({
    query: listQuerySchema,
    responses: { 200: pageSchema(retrainingResponseSchema).describe('One page of retrainings') },
  })
  async list(@Query() query: unknown) {
    const page = await this.retrainings.list(parseWith(listQuerySchema, query));
    return { ...page, items: page.items.map(toRetrainingDto) };
  }

  @Get(':id')
  @ApiContract({
    params: idParamsSchema,
    responses: { 200: retrainingResponseSchema.describe('The retraining') },
    errors: { 404: 'No retraining with this id' },
  })
  async get(@Param('id', UuidPipe) id: string) {
    return toRetrainingDto(await this.retrainings.get(id));
  }
}
