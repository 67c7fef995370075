import { Controller, Get, NotFoundException, Param, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { morphnetTargetSchema } from '@morphsweep/contracts';
import { MorphnetError, ZOO_NETWORKS, zooNetwork } from '@morphsweep/morphnet';
import { strengthGridFor, summarizeNetwork } from '@morphsweep/sweeps';
import { ApiContract } from '../common/api-contract.decorator';
import { parseWith } from '../common/pagination.dto';
import { ValidationError } from '../common/validation.error';
import {
  strengthGridResponseSchema,
  suggestionQuerySchema,
  zooEntrySchema,
  zooNameParamsSchema,
  type ZooEntry,
} from './zoo.dto';

/** The seed-network zoo: what a sweep can start from, with its size. */
@ApiTags('zoo')
@Controller('zoo')
export class ZooController {
  // The zoo is fixed at build time, so its sizes are computed once.
  private entries?: ZooEntry[];

  /** Every zoo network with its FLOPs, model size and trainable parameter count. */
  @Get()
  @ApiContract({ responses: { 200: z.array(zooEntrySchema).describe('The seed networks') } })
  list(): ZooEntry[] {
    this.entries ??= ZOO_NETWORKS.map((name) => summarizeNetwork(zooNetwork(name), name));
    return this.entries;
  }

  /** A strength grid centred on 1 / (seed cost), as MorphNet recommends. */
  @Get(':name/strength-grid')
  @ApiContract({
    params: zooNameParamsSchema,
    query: suggestionQuerySchema,
    responses: { 200: strengthGridResponseSchema.describe('The suggested strengths') },
    errors: {
      400: 'Unknown hardware, latency without hardware, or a query field out of range',
      404: 'No zoo network of that name',
    },
  })
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
