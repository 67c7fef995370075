import { Controller, Get, NotFoundException, Param, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { MORPHNET_FAMILIES, suggestStrengthGrid, morphnetTargetSchema } from '@morphsweep/contracts';
import { networkCost } from '@morphsweep/activities';
import { ZOO_NETWORKS, zooNetwork } from '@morphsweep/morphnet';
import { parseWith } from '../common/pagination.dto';

const suggestionQuerySchema = z.object({
  family: z.enum(MORPHNET_FAMILIES).default('gamma'),
  resource: z.enum(['flops', 'model-size', 'latency']).default('flops'),
  hardware: z.string().min(1).optional(),
  count: z.coerce.number().int().min(1).max(100).default(5),
});

/** The seed-network zoo: what a sweep can start from, with its size. */
@ApiTags('zoo')
@Controller('zoo')
export class ZooController {
  /** Every zoo network with its FLOPs and model size (weights of convolutions and dense layers). */
  @Get()
  list() {
    return ZOO_NETWORKS.map((name) => {
      const network = zooNetwork(name);
      return {
        name,
        flops: networkCost(network, { family: 'gamma', resource: 'flops' }),
        modelSize: networkCost(network, { family: 'gamma', resource: 'model-size' }),
        gated: network.layers.some((l) => l.op === 'gate'),
      };
    });
  }

  /** A strength grid centred on 1 / (seed cost), as MorphNet recommends. */
  @Get(':name/strength-grid')
  suggest(@Param('name') name: string, @Query() query: unknown) {
    if (!ZOO_NETWORKS.includes(name)) throw new NotFoundException(`no zoo network "${name}"`);
    const { count, ...target } = parseWith(suggestionQuerySchema, query);
    const morphnet = morphnetTargetSchema.parse(target);
    const seedCost = networkCost(zooNetwork(name), morphnet);
    return { network: name, ...morphnet, seedCost, strengths: suggestStrengthGrid(seedCost, { count }) };
  }
}
