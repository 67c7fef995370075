import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { morphnetTargetSchema, networkInspectionSchema } from '@morphsweep/contracts';
import { MorphnetError, parseNetwork } from '@morphsweep/morphnet';
import { networkLimitIssues, strengthGridFor, summarizeNetwork } from '@morphsweep/sweeps';
import { ApiContract } from '../common/api-contract.decorator';
import { parseWith } from '../common/pagination.dto';
import { ValidationError } from '../common/validation.error';
import { API_CONFIG, submissionLimitsOf, type ApiConfig } from '../config/api.config';

const inspectBodySchema = z
  .object({
    network: z.record(z.string(), z.unknown()),
    morphnet: morphnetTargetSchema.default({ family: 'gamma', resource: 'flops' }),
    count: z.number().int().min(1).max(100).default(5),
    /** The batch size the activation limit is checked at (a sweep's checks its own). */
    batchSize: z.number().int().min(1).max(4096).default(1),
  })
  .strict();

const inspectionResponseSchema = networkInspectionSchema.extend({ morphnet: morphnetTargetSchema });

/** Network descriptions a user brings (as opposed to the zoo's). */
@ApiTags('networks')
@Controller('networks')
export class NetworksController {
  constructor(@Inject(API_CONFIG) private readonly config: ApiConfig) {}

  /**
   * Checks an uploaded network description and sizes it like a zoo network: FLOPs, model
   * size, parameters, its cost in the chosen resource and the strength grid MorphNet suggests
   * (centred on 1 / cost). Writes nothing; 400 names every layer and field at fault, and
   * each submission limit (API_MAX_*) it is over, with the value.
   */
  @Post('inspect')
  @ApiContract({
    body: inspectBodySchema,
    responses: { 200: inspectionResponseSchema.describe('The network, sized') },
    errors: {
      400: 'Not a valid network description, or over a submission limit: `issues` names each layer and field (`network.<layer>.<field>`) or limit',
    },
  })
  @HttpCode(200)
  inspect(@Body() body: unknown) {
    const { network, morphnet, count, batchSize } = parseWith(inspectBodySchema, body);
    try {
      const net = parseNetwork(network);
      const limits = submissionLimitsOf(this.config);
      const over = networkLimitIssues(net, batchSize, limits, 'network');
      if (over.length > 0) throw new ValidationError(over);
      return {
        ...summarizeNetwork(net),
        layers: net.layers.length,
        morphnet,
        ...strengthGridFor(net, morphnet, count),
      };
    } catch (error) {
      throw error instanceof MorphnetError ? asValidationError(error) : error;
    }
  }
}

/** morphnet's reasons as 400 issues: `network.<layer>.<field>`, or the hardware name. */
function asValidationError(error: MorphnetError): ValidationError {
  if (error.code === 'UNKNOWN_HARDWARE')
    return new ValidationError([{ path: 'morphnet.hardware', message: error.message }]);
  if (error.issues.length === 0)
    return new ValidationError([{ path: 'network', message: error.message }]);
  return new ValidationError(
    error.issues.map((i) => ({
      path: ['network', i.layer, i.field].filter(Boolean).join('.'),
      message: i.reason,
    })),
  );
}
