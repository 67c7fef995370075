import { z } from 'zod';
import { ACCELERATOR_CLASSES } from './task-queues';
import { MAX_GRID_CELLS, strengthValues } from './grid';
import { candidatesSchema } from './candidates.schema';
import { DATASET_KINDS, REGISTERED_DATASET_KIND } from './datasets';
import { resolvedDatasetSchema } from './dataset.schema';
import { MORPHNET_FAMILIES, TARGET_RESOURCES } from './morphnet-target';
import { OPTIMIZERS } from './optimizers';
import { AUGMENTATIONS, EVALUATION_SPLITS, LR_SCHEDULES } from './retrain-recipe';
import { describeThresholdRange, isValidThreshold } from './thresholds';

const positiveInt = (max: number) => z.number().int().min(1).max(max);

/** Training budget of a structure-learning (or retraining) run. */
export const trainingBudgetSchema = z
  .object({
    steps: positiveInt(10_000_000),
    batchSize: positiveInt(4096),
    optimizer: z.enum(OPTIMIZERS).default('adam'),
    learningRate: z.number().positive().max(10),
    evalInterval: positiveInt(10_000_000),
    checkpointInterval: positiveInt(10_000_000),
  })
  .strict();

/**
 * The budget and recipe of a retraining from scratch. `steps` (as in a structure-learning
 * budget; whole epochs covering them are trained) or `epochs`, exactly one. The recipe
 * fields are optional and their absence is today's recipe — cosine decay without warm-up,
 * momentum 0.9 without Nesterov, no weight decay, the dataset's default augmentation (none
 * for the grayscale sets), validation accuracy — so existing specs train as before:
 * - `schedule` (default cosine); `milestones` (epochs, strictly increasing) and
 *   `decayFactor` (default 0.1) shape the `step` schedule (without milestones it decays after
 *   each third); `warmupSteps` (default 0) warms any schedule up linearly;
 * - `momentum` (default 0.9) and `nesterov` (default false) of the momentum optimizer;
 * - `weightDecay` (default 0): L2 added to the gradients of kernels (not batch norm, biases);
 * - `augmentation`: `crop-flip` (4-pixel padded random crop, horizontal flip) or `none`;
 * - `evaluateOn` (default validation): the split of the reported final accuracy.
 */
export const retrainBudgetSchema = z
  .object({
    steps: positiveInt(10_000_000).optional(),
    epochs: positiveInt(100_000).optional(),
    batchSize: positiveInt(4096),
    optimizer: z.enum(OPTIMIZERS).default('adam'),
    learningRate: z.number().positive().max(10),
    evalInterval: positiveInt(10_000_000),
    checkpointInterval: positiveInt(10_000_000),
    schedule: z.enum(LR_SCHEDULES).optional(),
    warmupSteps: z.number().int().min(0).max(10_000_000).optional(),
    milestones: z.array(positiveInt(100_000)).min(1).max(100).optional(),
    decayFactor: z.number().gt(0).lt(1).optional(),
    momentum: z.number().min(0).lt(1).optional(),
    nesterov: z.boolean().optional(),
    weightDecay: z.number().min(0, 'weight decay must be ≥ 0').max(1).optional(),
    augmentation: z.enum(AUGMENTATIONS).optional(),
    evaluateOn: z.enum(EVALUATION_SPLITS).optional(),
  })
  .strict()
  .superRefine((b, ctx) => {
    const issue = (path: (string | number)[], message: string) =>
      ctx.addIssue({ code: 'custom', path, message });
    if ((b.steps === undefined) === (b.epochs === undefined))
      issue(['steps'], 'give the retraining budget in steps or in epochs, exactly one');
    const schedule = b.schedule ?? 'cosine';
    if (schedule !== 'step') {
      if (b.milestones) issue(['milestones'], 'milestones need the step schedule');
      if (b.decayFactor !== undefined)
        issue(['decayFactor'], 'decayFactor needs the step schedule');
    }
    b.milestones?.forEach((m, i, all) => {
      if (i > 0 && m <= (all[i - 1] as number))
        issue(['milestones', i], 'milestones must be strictly increasing');
      if (b.epochs !== undefined && m >= b.epochs)
        issue(['milestones', i], `milestone ${m} is not before the last epoch (${b.epochs})`);
    });
    if (b.optimizer !== 'momentum') {
      if (b.nesterov) issue(['nesterov'], 'nesterov needs the momentum optimizer');
      if (b.momentum !== undefined) issue(['momentum'], 'momentum needs the momentum optimizer');
    }
  });

/** A seed network: a zoo name, or a full network description (validated by morphnet). */
export const seedNetworkSchema = z.union([
  z.string().min(1, 'name a zoo network or give a network description'),
  z.record(z.string(), z.unknown()),
]);

const datasetSubsetFields = {
  subsetSize: positiveInt(10_000_000).optional(),
  validationFraction: z.number().gt(0).lt(1).optional(),
};

/** A built-in dataset: synthetic gratings or Fashion-MNIST. */
export const builtInDatasetSchema = z
  .object({ kind: z.enum(DATASET_KINDS), ...datasetSubsetFields })
  .strict();

/**
 * A dataset registered through `POST /api/datasets`, named by its name or id. At submission
 * the API resolves it and stores what it found in `resolved` (a client never needs to send
 * it); a stored spec so always says which bytes (by checksum) its runs train on.
 */
export const registeredDatasetSchema = z
  .object({
    kind: z.literal(REGISTERED_DATASET_KIND),
    dataset: z.string().min(1, 'name a registered dataset by its name or id'),
    ...datasetSubsetFields,
    resolved: resolvedDatasetSchema.optional(),
  })
  .strict();

/** The data a sweep trains on: a built-in kind, or a registered dataset. */
export const datasetSchema = z.discriminatedUnion('kind', [
  builtInDatasetSchema,
  registeredDatasetSchema,
]);

/** Whether `dataset` has a test split (Fashion-MNIST, or a registered one with test images). */
export function hasTestSplit(dataset: z.output<typeof datasetSchema>): boolean {
  if (dataset.kind === REGISTERED_DATASET_KIND)
    return dataset.resolved === undefined || dataset.resolved.testCount > 0;
  return dataset.kind === 'fashion-mnist';
}

export const morphnetTargetSchema = z
  .object({
    family: z.enum(MORPHNET_FAMILIES),
    resource: z.enum(TARGET_RESOURCES),
    hardware: z.string().min(1).optional(),
  })
  .strict()
  .refine((t) => t.resource !== 'latency' || t.hardware !== undefined, {
    message: 'the latency resource needs a hardware profile',
    path: ['hardware'],
  });

const strengthListSchema = z.array(z.number().positive('strengths must be > 0').finite()).min(1);
const logRangeSchema = z
  .object({
    logRange: z.tuple([
      z.number().positive('strengths must be > 0'),
      z.number().positive('strengths must be > 0'),
    ]),
    count: positiveInt(MAX_GRID_CELLS),
  })
  .strict()
  .refine((r) => r.logRange[0] <= r.logRange[1], {
    message: 'logRange needs lo <= hi',
    path: ['logRange'],
  });

export const gridSchema = z
  .object({
    strengths: z.union([strengthListSchema, logRangeSchema]),
    thresholds: z.array(z.number().finite()).min(1),
  })
  .strict();

/** The most retrainings from scratch, with different seeds, one structure may get. */
export const MAX_RETRAIN_SEEDS = 10;

/**
 * Every retrained structure — and its width-multiplier baseline when `baseline` — is trained
 * from scratch `seeds` times with different seeds. One retraining says nothing about how far
 * its accuracy would move under another initialisation and data order; the spread over seeds
 * is what lets a frontier-against-uniform comparison be trusted.
 */
const retrainSeedsSchema = positiveInt(MAX_RETRAIN_SEEDS).default(1);

/** What happens to frontier structures: nothing, retrain on promotion, or retrain the top K. */
export const retrainPolicySchema = z.discriminatedUnion('policy', [
  z.object({ policy: z.literal('none') }).strict(),
  z
    .object({
      policy: z.literal('manual'),
      budget: retrainBudgetSchema.optional(),
      baseline: z.boolean().default(false),
      seeds: retrainSeedsSchema,
    })
    .strict(),
  z
    .object({
      policy: z.literal('auto'),
      topK: positiveInt(100),
      budget: retrainBudgetSchema.optional(),
      baseline: z.boolean().default(false),
      seeds: retrainSeedsSchema,
    })
    .strict(),
]);

/**
 * Adaptive grid refinement, opt-in: after every cell is final, add strengths between a cell
 * that kept the whole seed and one that collapsed, and where the frontier's cost gaps are
 * widest, for `rounds` rounds, at most `maxExtraCells` cells in all (`refinementCells` of
 * `@morphsweep/sweeps`).
 */
export const refineSchema = z
  .object({
    maxExtraCells: positiveInt(MAX_GRID_CELLS),
    rounds: positiveInt(20).default(1),
  })
  .strict();

const baseSweepSpecSchema = z
  .object({
    name: z.string().min(1).max(200),
    seedNetwork: seedNetworkSchema,
    dataset: datasetSchema,
    morphnet: morphnetTargetSchema,
    grid: gridSchema,
    budget: trainingBudgetSchema,
    concurrency: positiveInt(1000).default(4),
    accelerator: z.enum(ACCELERATOR_CLASSES).default('any'),
    retrain: retrainPolicySchema.default({ policy: 'manual', baseline: false, seeds: 1 }),
    refine: refineSchema.optional(),
    candidates: candidatesSchema.optional(),
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 31 - 1)
      .default(0),
  })
  .strict();

/**
 * The sweep spec shared by API, CLI, dashboard and workflows. Beyond field types it checks
 * the grid: at most {@link MAX_GRID_CELLS} cells, no repeated strength or threshold (a cell
 * is keyed by its values), every threshold inside the family's valid range; and that a
 * retraining evaluated on the test split has a dataset with one. Zoo names and
 * network descriptions need morphnet and are checked by `validateSweepSpec` of the sweep
 * domain (`@morphsweep/sweeps`).
 */
export const sweepSpecSchema = baseSweepSpecSchema.superRefine((spec, ctx) => {
  const retrainBudget = spec.retrain.policy === 'none' ? undefined : spec.retrain.budget;
  if (retrainBudget?.evaluateOn === 'test' && !hasTestSplit(spec.dataset)) {
    const name =
      spec.dataset.kind === REGISTERED_DATASET_KIND ? spec.dataset.dataset : spec.dataset.kind;
    ctx.addIssue({
      code: 'custom',
      path: ['retrain', 'budget', 'evaluateOn'],
      message: `the ${name} dataset has no test split`,
    });
  }
  const { strengths, thresholds } = spec.grid;
  let values: number[];
  try {
    values = strengthValues(strengths);
  } catch {
    return; // a bad logRange is already reported on its own field
  }
  const cells = values.length * thresholds.length;
  if (cells > MAX_GRID_CELLS) {
    ctx.addIssue({
      code: 'custom',
      path: ['grid'],
      message: `the grid has ${cells} cells; at most ${MAX_GRID_CELLS} are allowed`,
    });
  }
  if (spec.refine && cells + spec.refine.maxExtraCells > MAX_GRID_CELLS) {
    ctx.addIssue({
      code: 'custom',
      path: ['refine', 'maxExtraCells'],
      message: `the grid's ${cells} cells and ${spec.refine.maxExtraCells} extra cells exceed the ${MAX_GRID_CELLS} allowed`,
    });
  }
  if (spec.refine && values.length < 2) {
    ctx.addIssue({
      code: 'custom',
      path: ['refine'],
      message: "refinement adds strengths between the grid's: it needs at least two strengths",
    });
  }
  if (new Set(values).size !== values.length) {
    ctx.addIssue({
      code: 'custom',
      path: ['grid', 'strengths'],
      message: 'strengths must be distinct',
    });
  }
  if (new Set(thresholds).size !== thresholds.length) {
    ctx.addIssue({
      code: 'custom',
      path: ['grid', 'thresholds'],
      message: 'thresholds must be distinct',
    });
  }
  thresholds.forEach((t, i) => {
    if (!isValidThreshold(spec.morphnet.family, t)) {
      ctx.addIssue({
        code: 'custom',
        path: ['grid', 'thresholds', i],
        message: `threshold ${t} is outside ${describeThresholdRange(spec.morphnet.family)}, the valid range for ${spec.morphnet.family}`,
      });
    }
  });
  const candidateThresholds = spec.candidates?.thresholds ?? [];
  if (new Set(candidateThresholds).size !== candidateThresholds.length) {
    ctx.addIssue({
      code: 'custom',
      path: ['candidates', 'thresholds'],
      message: 'candidate thresholds must be distinct',
    });
  }
  candidateThresholds.forEach((t, i) => {
    if (!isValidThreshold(spec.morphnet.family, t)) {
      ctx.addIssue({
        code: 'custom',
        path: ['candidates', 'thresholds', i],
        message: `threshold ${t} is outside ${describeThresholdRange(spec.morphnet.family)}, the valid range for ${spec.morphnet.family}`,
      });
    }
  });
});

/** A validated sweep spec (defaults filled in). */
export type SweepSpec = z.output<typeof sweepSpecSchema>;
/** A sweep spec as submitted. */
export type SweepSpecInput = z.input<typeof sweepSpecSchema>;
export type TrainingBudgetSpec = z.output<typeof trainingBudgetSchema>;
export type RetrainBudgetSpec = z.output<typeof retrainBudgetSchema>;
export type RetrainPolicy = z.output<typeof retrainPolicySchema>;
export type DatasetSpec = z.output<typeof datasetSchema>;
export type RegisteredDatasetSpec = z.output<typeof registeredDatasetSchema>;
export type RefineSpec = z.output<typeof refineSchema>;
