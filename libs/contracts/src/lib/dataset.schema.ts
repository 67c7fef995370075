import { z } from 'zod';
import { DATASET_FORMATS, SOURCE_DTYPES } from './datasets';

/** A dataset's registered name: what a sweep spec may use instead of its id. */
export const datasetNameSchema = z
  .string()
  .min(1)
  .max(100)
  .regex(
    /^[a-z0-9][a-z0-9._-]*$/,
    'a dataset name is lower-case letters, digits, ".", "_" and "-", starting with a letter or digit',
  );

/** Where a dataset's files are: a `file://` path or an `s3://bucket/key` (one file or a folder). */
export const datasetUriSchema = z
  .string()
  .max(2000)
  .refine((uri) => /^(file:\/\/\/|s3:\/\/[^/]+)/.test(uri), {
    message: 'the URI must start with file:/// (an absolute path) or s3://<bucket>',
  });

/** `POST /api/datasets`: what to register. */
export const registerDatasetSchema = z
  .object({
    name: datasetNameSchema.describe('Unique name; a sweep spec may refer to the dataset by it'),
    uri: datasetUriSchema.describe('file:///abs/path or s3://bucket/key (a file or a folder)'),
    format: z.enum(DATASET_FORMATS).describe('How the files are laid out (docs/datasets.md)'),
  })
  .strict();
export type RegisterDataset = z.infer<typeof registerDatasetSchema>;

/**
 * What reading a dataset found. Images are stored as bytes (`float32` sources in [0, 1] are
 * scaled); `checksum` is the SHA-256 of the cached tensor file, so two registrations of the
 * same data have the same checksum, and a worker knows the bytes it reads are the ones
 * registered.
 */
export const datasetFactsSchema = z.object({
  height: z.number().int().positive(),
  width: z.number().int().positive(),
  channels: z.number().int().positive(),
  dtype: z.enum(SOURCE_DTYPES).describe("The source images' element type"),
  numClasses: z.number().int().min(2).describe('Highest label + 1'),
  labelRange: z.tuple([z.number().int(), z.number().int()]).describe('Lowest and highest label'),
  trainCount: z.number().int().positive(),
  testCount: z.number().int().nonnegative().describe('0 when the dataset has no test split'),
  checksum: z.string().regex(/^[0-9a-f]{64}$/),
  sizeBytes: z.number().int().positive().describe('Bytes of the cached tensor file'),
});
export type DatasetFacts = z.infer<typeof datasetFactsSchema>;

/**
 * A registered dataset as a sweep spec stores it once the API has resolved the name or id
 * the user gave: everything a worker needs to read the same bytes and a budget needs to
 * count them, without asking the database.
 */
export const resolvedDatasetSchema = datasetFactsSchema
  .pick({
    height: true,
    width: true,
    channels: true,
    numClasses: true,
    trainCount: true,
    testCount: true,
    checksum: true,
  })
  .extend({
    id: z.uuid(),
    name: datasetNameSchema,
    uri: datasetUriSchema,
    format: z.enum(DATASET_FORMATS),
  })
  .strict();
export type ResolvedDataset = z.infer<typeof resolvedDatasetSchema>;
