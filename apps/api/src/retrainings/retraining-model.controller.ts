import { Controller, Get, Param, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { ApiContract } from '../common/api-contract.decorator';
import { idParamsSchema, UuidPipe } from '../common/uuid.pipe';
import { MODEL_SHARD_NAME, RetrainingModelService } from './retraining-model.service';

const NOT_EXPORTABLE = {
  404: 'No retraining with this id',
  409: 'The retraining has not succeeded (no final checkpoint), or cannot be exported',
};

/**
 * A retrained structure as a TF.js layers model: `tf.loadLayersModel('<api>/retrainings/<id>/model')`
 * loads it directly (the manifest's shard path resolves beside the model URL).
 */
@ApiTags('retrainings')
@Controller('retrainings')
export class RetrainingModelController {
  constructor(private readonly models: RetrainingModelService) {}

  /** `model.json`: the Keras topology (tfjs-layers Functional) and the weights manifest. */
  @Get(':id/model')
  @ApiContract({
    params: idParamsSchema,
    responses: {
      200: z
        .record(z.string(), z.unknown())
        .describe(
          `TF.js layers model.json (format "layers-model"); its one shard is ./${MODEL_SHARD_NAME}`,
        ),
    },
    errors: NOT_EXPORTABLE,
  })
  async model(@Param('id', UuidPipe) id: string, @Res() res: Response) {
    const { modelJson } = await this.models.model(id);
    res.type('application/json').attachment('model.json').send(JSON.stringify(modelJson));
  }

  /** The model's weight shard: every weight as float32 little-endian, in manifest order. */
  @Get(`:id/${MODEL_SHARD_NAME}`)
  @ApiContract({
    params: idParamsSchema,
    responses: {
      200: {
        description: 'float32 little-endian weights in manifest order',
        contentType: 'application/octet-stream',
      },
    },
    errors: NOT_EXPORTABLE,
  })
  async weights(@Param('id', UuidPipe) id: string, @Res() res: Response) {
    const { weightData } = await this.models.model(id);
    res.type('application/octet-stream').attachment(MODEL_SHARD_NAME).send(Buffer.from(weightData));
  }

  /** The network description the retraining trained (the slimmed seed, or the width baseline). */
  @Get(':id/network')
  @ApiContract({
    params: idParamsSchema,
    responses: {
      200: z
        .record(z.string(), z.unknown())
        .describe('The network description (morphsweep-network/v1)'),
    },
    errors: {
      404: 'No retraining with this id',
      409: 'The network cannot be rebuilt (no source run)',
    },
  })
  async network(@Param('id', UuidPipe) id: string, @Res() res: Response) {
    const network = await this.models.network(id);
    res
      .type('application/json')
      .attachment(`network-${id}.json`)
      .send(`${JSON.stringify(network, null, 2)}\n`);
  }
}
