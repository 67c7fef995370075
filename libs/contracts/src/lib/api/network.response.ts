import { z } from 'zod';

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

/** A suggested log range of strengths around 1 / seed cost. */
export const strengthSuggestionSchema = z.object({
  seedCost: z.number().describe("The network's cost in the chosen resource"),
  strengths: z.object({
    logRange: z.tuple([z.number(), z.number()]),
    count: z.number().int().positive(),
  }),
});
export type StrengthSuggestion = z.infer<typeof strengthSuggestionSchema>;

/** `POST /api/networks/inspect`: an uploaded description, checked and sized. */
export const networkInspectionSchema = zooEntrySchema
  .extend(strengthSuggestionSchema.shape)
  .extend({
    layers: z.number().int().nonnegative(),
  });
export type NetworkInspection = z.infer<typeof networkInspectionSchema>;

/** `POST /api/networks/import`: a Keras / TF.js layers model converted into a description. */
export const networkImportSchema = z.object({
  network: z
    .record(z.string(), z.unknown())
    .describe('The network description (morphsweep-network/v1), defaults filled in'),
  parameters: z
    .number()
    .int()
    .nonnegative()
    .describe("Trainable parameters: Keras' count over model.trainable_weights"),
  flops: z.number().describe('FLOPs of one forward pass at full width, as GET /api/zoo counts'),
  layout: z.string().describe('What was read: keras 3, tf.keras 2 or tfjs-layers'),
  notes: z
    .array(z.string())
    .describe('What the import changed (a dropped input rescaling, frozen layers)'),
});
export type NetworkImport = z.infer<typeof networkImportSchema>;
