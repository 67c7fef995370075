import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { datasetResponseSchema, pageSchema } from '@morphsweep/contracts';
import { ApiQueryFrom, openApiSchema } from '../common/openapi-schema';
import { pageQuerySchema, parseWith } from '../common/pagination.dto';
import { UuidPipe } from '../common/uuid.pipe';
import { DatasetsService } from './datasets.service';

@ApiTags('datasets')
@Controller('datasets')
export class DatasetsController {
  constructor(private readonly datasets: DatasetsService) {}

  /** Registers a dataset by URI: 201 with what was found, or 200 for the same name and data again. */
  @Post()
  @ApiBearerAuth()
  @HttpCode(201)
  @ApiCreatedResponse({
    description: 'Registered: what reading it found',
    schema: openApiSchema(datasetResponseSchema),
  })
  @ApiOkResponse({
    description: 'The dataset registered before under this name with the same checksum',
  })
  @ApiBadRequestResponse({
    description:
      'A bad field, or files that cannot be read in the format (`issues` on uri says why); nothing is stored',
  })
  @ApiConflictResponse({
    description: 'The name is registered with other data (another checksum); nothing is stored',
  })
  async register(@Body() body: unknown, @Res({ passthrough: true }) res: Response) {
    const { dataset, created } = await this.datasets.register(body);
    if (!created) res.status(200);
    return dataset;
  }

  /** Registered datasets, newest first. */
  @Get()
  @ApiQueryFrom(pageQuerySchema)
  @ApiOkResponse({ schema: openApiSchema(pageSchema(datasetResponseSchema)) })
  list(@Query() query: unknown) {
    return this.datasets.list(parseWith(pageQuerySchema, query));
  }

  /** One registered dataset. */
  @Get(':id')
  @ApiOkResponse({ schema: openApiSchema(datasetResponseSchema) })
  @ApiNotFoundResponse({ description: 'No dataset with this id' })
  get(@Param('id', UuidPipe) id: string) {
    return this.datasets.get(id);
  }
}
