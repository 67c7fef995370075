import { z } from 'zod';
import { RUN_STATES } from '../run-states';

const nullableNumber = z.number().nullable();
const isoDate = z.string().describe('ISO 8601');

/** One grid cell of a sweep as the API returns it (dates as ISO strings). */
export const runResponseSchema = z.object({
  id: z.uuid(),
  sweepId: z.uuid(),
  cellIndex: z.number().int().nonnegative(),
  strength: z.number(),
  threshold: z.number(),
  refineRound: z
    .number()
    .int()
    .nonnegative()
    .nullable()
    .describe("The grid refinement round that added this cell; null for the spec's own grid"),
  status: z.enum(RUN_STATES),
  attempt: z.number().int().nonnegative(),
  step: z.number().int().nonnegative(),
  progress: z.number().min(0).max(1),
  lastCheckpointUri: z.string().nullable(),
  structure: z
    .record(z.string(), z.number())
    .nullable()
    .describe('Alive counts per op (MorphNet structure format)'),
  structureHash: z.string().nullable(),
  flops: nullableNumber,
  modelSize: nullableNumber,
  latency: nullableNumber,
  cost: nullableNumber.describe("Cost of the learned structure in the sweep's resource"),
  accuracy: nullableNumber.describe('Validation accuracy at the end of structure learning'),
  regLoss: nullableNumber,
  paretoOptimal: z.boolean(),
  errorCode: z.string().nullable(),
  error: z.string().nullable(),
  workerIdentity: z.string().nullable(),
  backend: z.string().nullable(),
  startedAt: isoDate.nullable(),
  finishedAt: isoDate.nullable(),
  createdAt: isoDate,
  updatedAt: isoDate,
});
export type RunResponse = z.infer<typeof runResponseSchema>;

/** One point of a run's training curve. */
export const metricPointSchema = z.object({
  step: z.number().int().nonnegative(),
  taskLoss: z.number(),
  regLoss: z.number(),
  cost: z.number(),
  accuracy: nullableNumber,
  examplesPerSecond: nullableNumber,
});
export type MetricPoint = z.infer<typeof metricPointSchema>;

/** A stored file of a run. */
export const artifactResponseSchema = z.object({
  uri: z.string(),
  kind: z.string(),
  sizeBytes: z.number().int().nonnegative(),
  sha256: z.string(),
});
export type ArtifactResponse = z.infer<typeof artifactResponseSchema>;

/**
 * `GET /api/runs/:id`: a run with its artifacts and the seed's widths. Its curve is read
 * apart, by page or downsampled (`GET /api/runs/:id/metrics`): a run can hold 100,000 points.
 */
export const runDetailResponseSchema = runResponseSchema.extend({
  artifacts: z.array(artifactResponseSchema),
  seedWidths: z
    .record(z.string(), z.number())
    .nullable()
    .describe(
      "The seed network's widths under the structure's keys (null if the spec no longer parses)",
    ),
});
export type RunDetailResponse = z.infer<typeof runDetailResponseSchema>;

/** `GET /api/runs/:id/metrics`: points of a run's curve in step order. */
export const metricPageResponseSchema = z.object({
  items: z.array(metricPointSchema),
  totalPoints: z
    .number()
    .int()
    .nonnegative()
    .describe('Points the curve holds after `afterStep`, whether returned or not'),
  downsampled: z
    .boolean()
    .describe('Whether `items` is a selection of the points (with `maxPoints`)'),
  nextAfterStep: z
    .number()
    .int()
    .nullable()
    .describe('Pass as `afterStep` for the next page; null on the last page and when downsampled'),
});
export type MetricPageResponse = z.infer<typeof metricPageResponseSchema>;

/** A run as the sweep's chart draws it: cell, outcome and where it lands. */
export const runPointSchema = runResponseSchema.pick({
  id: true,
  cellIndex: true,
  strength: true,
  threshold: true,
  status: true,
  errorCode: true,
  cost: true,
  accuracy: true,
  paretoOptimal: true,
});
export type RunPoint = z.infer<typeof runPointSchema>;

/** `GET /api/sweeps/:id/points`: every run of the sweep as a chart point, in cell order. */
export const runPointsResponseSchema = z.object({ items: z.array(runPointSchema) });
export type RunPointsResponse = z.infer<typeof runPointsResponseSchema>;
