import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiNotFoundResponse, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { RetrainingRepository, type Retraining } from '@morphsweep/db';
import { ApiQueryFrom } from '../common/openapi-schema';
import { pageQuerySchema, parseWith } from '../common/pagination.dto';
import { UuidPipe } from '../common/uuid.pipe';

const listQuerySchema = pageQuerySchema.extend({ sweepId: z.uuid().optional() });

function toDto(r: Retraining) {
  return {
    ...r,
    startedAt: r.startedAt?.toISOString() ?? null,
    finishedAt: r.finishedAt?.toISOString() ?? null,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

/** Retrainings of learned structures (and width-multiplier baselines). Read-only. */
@ApiTags('retrainings')
@Controller('retrainings')
export class RetrainingsController {
  constructor(private readonly retrainings: RetrainingRepository) {}

  @Get()
  @ApiQueryFrom(listQuerySchema)
  async list(@Query() query: unknown) {
    const page = await this.retrainings.list(parseWith(listQuerySchema, query));
    return { ...page, items: page.items.map(toDto) };
  }

  @Get(':id')
  @ApiNotFoundResponse({ description: 'No retraining with this id' })
  async get(@Param('id', UuidPipe) id: string) {
    return toDto(await this.retrainings.get(id));
  }
}
