import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { RetrainingRepository, type Retraining } from '@morphsweep/db';
import { pageQuerySchema, parseWith } from '../common/pagination.dto';

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
  async list(@Query() query: unknown) {
    const page = await this.retrainings.list(parseWith(listQuerySchema, query));
    return { ...page, items: page.items.map(toDto) };
  }

  @Get(':id')
  async get(@Param('id', ParseUUIDPipe) id: string) {
    return toDto(await this.retrainings.get(id));
  }
}
