import { Controller, Get, NotFoundException, Param, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { z } from 'zod';
import { morphnetTargetSchema } from '@morphsweep/contracts';
import { MorphnetError, ZOO_NETWORKS, zooNetwork } from '@morphsweep/morphnet';
import { strengthGridFor, summarizeNetwork } from '@morphsweep/sweeps';
import { ApiQueryFrom, openApiSchema } from '../common/openapi-schema';
import { parseWith } from '../common/pagination.dto';
import { ValidationError } from '../common/validation.error';
import { suggestionQuerySchema, zooEntrySchema, type ZooEntry } from './zoo.dto';

/** The seed-network zoo: what a sweep can start from, with its size. */
@ApiTags('zoo')
@Controller('zoo')
export class ZooController {
  // The zoo is fixed at build time, so its sizes are computed once.
  private entries?: ZooEntry[];

  /** Every zoo network with its FLOPs, model size and trainable parameter count. */
  @Get()
  @ApiOkResponse({
    description: 'The seed networks',
    schema: openApiSchema(z.array(zooEntrySchema)),
  })
  list(): ZooEntry[] {
    this.entries ??= ZOO_NETWORKS.map((name) => summarizeNetwork(zooNetwork(name), name));
    return this.entries;
  }

  /** A strength grid centred on 1 / (seed cost), as MorphNet recommends. */
  @Get(':name/strength-grid')
  @ApiQueryFrom(suggestionQuerySchema)
  @ApiNotFoundResponse({ description: 'No zoo network of that name' })
  @ApiBadRequestResponse({ description: 'Unknown hardware, or a query field out of range' })
  suggest(@Param('name') name: string, @Query() query: unknown) {
    if (!ZOO_NETWORKS.includes(name)) throw new NotFoundException(`no zoo network "${name}"`);
    const { count, ...target } = parseWith(suggestionQuerySchema, query);
    const morphnet = morphnetTargetSchema.parse(target);
    try {
      return { network: name, ...morphnet, ...strengthGridFor(zooNetwork(name), morphnet, count) };
    } catch (error) {
      if (error instanceof MorphnetError && error.code === 'UNKNOWN_HARDWARE')
        throw new ValidationError([{ path: 'hardware', message: error.message }]);
      throw error;
    }
  }
}
