import { z } from 'zod';
import { MORPHNET_FAMILIES } from '@morphsweep/contracts';

/** One seed network of the zoo, as `GET /api/zoo` lists it. */
export const zooEntrySchema = z.object({
  name: z.string().describe("The zoo name, usable as a sweep spec's seedNetwork"),
  flops: z
    .number()
    .describe('FLOPs of one forward pass at full width (MorphNet FLOP count, batch 1)'),
  modelSize: z
    .number()
    .describe(
      'Weights of convolutions and dense layers (MorphNet model size; biases and batch norm not counted)',
    ),
  parameters: z
    .number()
    .int()
    .nonnegative()
    .describe(
      'Trainable parameters: kernels, biases, batch-norm scale/offset, gate logits (what `morphsweep cost` prints)',
    ),
  gated: z.boolean().describe('Whether the network has FiGS gates (the logistic-sigmoid family)'),
});

export type ZooEntry = z.infer<typeof zooEntrySchema>;

/** `?family=&resource=&hardware=&count=` of the strength-grid suggestion. */
export const suggestionQuerySchema = z.object({
  family: z.enum(MORPHNET_FAMILIES).default('gamma'),
  resource: z.enum(['flops', 'model-size', 'latency']).default('flops'),
  hardware: z.string().min(1).optional().describe('Hardware profile, for the latency resource'),
  count: z.coerce
    .number()
    .int()
    .min(1)
    .max(100)
    .default(5)
    .describe('Strengths in the suggested log range'),
});
