import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { networkImportSchema, type NetworkImport } from '@morphsweep/contracts';
import { MorphnetError, importKerasModel } from '@morphsweep/morphnet';
import { ApiContract } from '../common/api-contract.decorator';
import { parseWith } from '../common/pagination.dto';
import { ValidationError } from '../common/validation.error';

const importBodySchema = z
  .object({
    model: z
      .record(z.string(), z.unknown())
      .describe('Keras model.to_json() (Keras 3 or tf.keras 2) or a TF.js layers model.json'),
    name: z
      .string()
      .min(1)
      .max(200)
      .optional()
      .describe("The network's name (default: the model's)"),
  })
  .strict();

/**
 * A body that is `{ model, name? }`, or the model JSON itself (what `curl -d @model.json`
 * sends): no Keras or TF.js model has a top-level `model` key.
 */
const asImportBody = (body: unknown): unknown =>
  typeof body === 'object' && body !== null && 'model' in body ? body : { model: body };

/** Models a user brings from Keras or TF.js, turned into network descriptions. */
@ApiTags('networks')
@Controller('networks')
export class NetworkImportController {
  /**
   * Converts a Keras / TF.js layers model JSON into a network description with its trainable
   * parameter count (Keras') and FLOPs. Writes nothing; a 400 names every layer that cannot
   * be imported (`model.<layer>.<field>`, the reason starting with the layer's class).
   */
  @Post('import')
  @HttpCode(200)
  @ApiContract({
    body: importBodySchema,
    responses: { 200: networkImportSchema.describe('The description') },
    errors: {
      400: 'Not a model JSON, or layers the format cannot express: `issues` names each (`model.<layer>.<field>`)',
    },
  })
  import(@Body() body: unknown): NetworkImport {
    const { model, name } = parseWith(importBodySchema, asImportBody(body));
    try {
      const { network, parameters, flops, layout, notes } = importKerasModel(model, { name });
      return { network, parameters, flops, layout, notes: [...notes] };
    } catch (error) {
      if (!(error instanceof MorphnetError)) throw error;
      if (error.issues.length === 0)
        throw new ValidationError([{ path: 'model', message: error.message }]);
      throw new ValidationError(
        error.issues.map((i) => ({
          path: ['model', i.layer, i.field].filter(Boolean).join('.'),
          message: i.reason,
        })),
      );
    }
  }
}
