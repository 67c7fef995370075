import { z } from 'zod';
import { DATASET_FORMATS } from '../datasets';
import { datasetFactsSchema } from '../dataset.schema';

/** A registered dataset, as `POST`/`GET /api/datasets` return it (dates as ISO strings). */
export const datasetResponseSchema = datasetFactsSchema.extend({
  id: z.uuid(),
  name: z.string(),
  uri: z.string(),
  format: z.enum(DATASET_FORMATS),
  createdAt: z.string(),
});
export type DatasetResponse = z.infer<typeof datasetResponseSchema>;
