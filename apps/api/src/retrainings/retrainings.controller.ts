import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { pageSchema, retrainingResponseSchema } from '@morphsweep/contracts';
import { RetrainingRepository } from '@morphsweep/db';
import { ApiQueryFrom, openApiSchema } from '../common/openapi-schema';
import { pageQuerySchema, parseWith } from '../common/pagination.dto';
import { UuidPipe } from '../common/uuid.pipe';
import { toRetrainingDto } from './retrainings.dto';

const listQuerySchema = pageQuerySchema.extend({ sweepId: z.uuid().optional() });

/** Retrainings of learned structures (and width-multiplier baselines). Read-only. */
@ApiTags('retrainings')
@Controller('retrainings')
export class RetrainingsController {
  constructor(private readonly retrainings: RetrainingRepository) {}

  @Get()
  @ApiQueryFrom(listQuerySchema)
  @ApiOkResponse({ schema: openApiSchema(pageSchema(retrainingResponseSchema)) })
  async list(@Query() query: unknown) {
    const page = await this.retrainings.list(parseWith(listQuerySchema, query));
    return { ...page, items: page.items.map(toRetrainingDto) };
  }

  @Get(':id')
  @ApiOkResponse({ schema: openApiSchema(retrainingResponseSchema) })
  @ApiNotFoundResponse({ description: 'No retraining with this id' })
  async get(@Param('id', UuidPipe) id: string) {
    return toRetrainingDto(await this.retrainings.get(id));
  }
}
