import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { datasetResponseSchema, pageSchema, registerDatasetSchema } from '@morphsweep/contracts';
import { ApiContract } from '../common/api-contract.decorator';
import { pageQuerySchema, parseWith } from '../common/pagination.dto';
import { idParamsSchema, UuidPipe } from '../common/uuid.pipe';
import { DatasetsService } from './datasets.service';

@ApiTags('datasets')
@Controller('datasets')
export class DatasetsController {
  constructor(private readonly datasets: DatasetsService) {}

  /** Registers a dataset by URI: 201 with what was found, or 200 for the same name and data again. */
  @Post()
  @HttpCode(201)
  @ApiContract({
    body: registerDatasetSchema,
    responses: {
      201: datasetResponseSchema.describe('Registered: what reading it found'),
      200: datasetResponseSchema.describe(
        'The dataset registered before under this name with the same checksum',
      ),
    },
    errors: {
      400: 'A bad field, or files that cannot be read in the format (`issues` on uri says why); nothing is stored',
      409: 'The name is registered with other data (another checksum); nothing is stored',
    },
  })
  async register(@Body() body: unknown, @Res({ passthrough: true }) res: Response) {
    const { dataset, created } = await this.datasets.register(body);
    if (!created) res.status(200);
    return dataset;
  }

  /** Registered datasets, newest first. */
  @Get()
  @ApiContract({
    query: pageQuerySchema,
    responses: { 200: pageSchema(datasetResponseSchema).describe('One page of datasets') },
  })
  list(@Query() query: unknown) {
    return this.datasets.list(parseWith(pageQuerySchema, query));
  }

  /** One registered dataset. */
  @Get(':id')
  @ApiContract({
    params: idParamsSchema,
    responses: { 200: datasetResponseSchema.describe('The dataset') },
    errors: { 404: 'No dataset with this id' },
  })
  get(@Param('id', UuidPipe) id: string) {
    return this.datasets.get(id);
  }
}
