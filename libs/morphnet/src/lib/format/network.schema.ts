import { z } from 'zod';

/** The `format` tag every description carries; bump only with a migration. */
export const NETWORK_FORMAT = 'morphsweep-network/v1';

const name = z
  .string()
  .regex(
    /^[A-Za-z_][A-Za-z0-9_.-]*$/,
    'must start with a letter or _ and use only letters, digits, _ . -',
  );
const positiveInt = z.number().int().min(1);
const pair = z.union([positiveInt, z.tuple([positiveInt, positiveInt])]);
const padding = z.enum(['same', 'valid']);
// Parameter values are flat or nested arrays of numbers, read row-major in tfjs layout.
const values = z.array(z.unknown()).describe('numbers, flat or nested, row-major in tfjs layout');

const base = { name, inputs: z.array(name).min(1) };
const single = { name, inputs: z.array(name).length(1) };

/** A one-input layer: `name`, `inputs`, `op` and the layer's own fields, in that order. */
const layer = <T extends string, F extends z.ZodRawShape>(op: T, fields: F) =>
  z.object({ ...single, op: z.literal(op), ...fields });

// Fields shared by the convolution layers (kept in the order the schema has always listed them).
const convWindow = { kernelSize: pair, strides: pair.default(1), padding: padding.default('same') };
const useBias = z.boolean().default(true);
const depthMultiplier = positiveInt.default(1);
const kernelLayer = <T extends string>(op: T) =>
  layer(op, {
    filters: positiveInt,
    ...convWindow,
    useBias,
    kernel: values.optional(),
    bias: values.optional(),
  });

const conv2d = kernelLayer('conv2d');
const depthwiseConv2d = layer('depthwiseConv2d', {
  ...convWindow,
  depthMultiplier,
  useBias,
  depthwiseKernel: values.optional(),
  bias: values.optional(),
});
const separableConv2d = layer('separableConv2d', {
  filters: positiveInt,
  ...convWindow,
  depthMultiplier,
  useBias,
  depthwiseKernel: values.optional(),
  pointwiseKernel: values.optional(),
  bias: values.optional(),
});
const conv2dTranspose = kernelLayer('conv2dTranspose');
const dense = layer('dense', {
  units: positiveInt,
  useBias,
  kernel: values.optional(),
  bias: values.optional(),
});
const batchNorm = layer('batchNorm', {
  scale: z.boolean().default(true),
  center: z.boolean().default(true),
  epsilon: z.number().positive().default(1e-3),
  momentum: z.number().min(0).max(1).default(0.99),
  gamma: values.optional(),
  beta: values.optional(),
  movingMean: values.optional(),
  movingVariance: values.optional(),
});
const gate = layer('gate', {
  logOddsInit: z.number().default(2.5),
  temperature: z.number().min(0).default(0.001),
  straightThrough: z.boolean().default(false),
  annealingRate: z.number().positive().optional(),
  softMaskForInference: z.boolean().default(true),
  keepFirstChannelAlive: z.boolean().default(true),
  logits: values.optional(),
});
const simple = <T extends string>(op: T) => layer(op, {});
const activation = layer('activation', {
  activation: z.enum(['relu', 'relu6', 'sigmoid', 'tanh', 'elu', 'softmax', 'linear']),
});
const pool = <T extends string>(op: T) =>
  layer(op, {
    poolSize: pair.default(2),
    strides: pair.optional(),
    padding: padding.default('valid'),
  });
const merge = <T extends string>(op: T) =>
  z.object({ ...base, op: z.literal(op), inputs: z.array(name).min(2) });
const concat = z.object({
  ...base,
  op: z.literal('concat'),
  inputs: z.array(name).min(2),
  axis: z.number().int().default(-1),
});
const reshape = layer('reshape', {
  targetShape: z
    .array(
      z
        .number()
        .int()
        .refine((d) => d === -1 || d >= 1, 'must be -1 or positive'),
    )
    .min(1),
});
const dropout = layer('dropout', { rate: z.number().min(0).lt(1) });

/** zod schema of one layer (discriminated on `op`). */
export const layerSchema = z.discriminatedUnion('op', [
  conv2d,
  depthwiseConv2d,
  separableConv2d,
  conv2dTranspose,
  dense,
  batchNorm,
  gate,
  simple('relu'),
  simple('relu6'),
  activation,
  merge('add'),
  merge('multiply'),
  concat,
  pool('maxPool'),
  pool('avgPool'),
  simple('globalAvgPool'),
  simple('flatten'),
  reshape,
  dropout,
  simple('softmax'),
]);

/** zod schema of a whole network description (`morphsweep-network/v1`). */
export const networkSchema = z.object({
  format: z.literal(NETWORK_FORMAT),
  name,
  inputs: z.array(z.object({ name, shape: z.array(positiveInt).min(1) })).min(1),
  layers: z.array(layerSchema).min(1),
  outputs: z.array(name).min(1),
});

/** A validated network description with every default filled in. */
export type NetworkDescription = z.output<typeof networkSchema>;
/** What a user may write: a network description before defaults are applied. */
export type NetworkDescriptionInput = z.input<typeof networkSchema>;
/** One validated layer. */
export type LayerDescription = z.output<typeof layerSchema>;
/** The `op` values a layer may have. */
export type LayerOp = LayerDescription['op'];
