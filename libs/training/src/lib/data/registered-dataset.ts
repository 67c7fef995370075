import type { ResolvedDataset } from '@morphsweep/contracts';
import { DatasetError, materializeDataset, TensorFile } from '@morphsweep/datasets';
import { TrainingError } from '../training.error';
import type { ImageDataset } from './image-dataset';

// One open tensor file per cached file and process: its descriptor serves every run on it.
const open = new Map<string, TensorFile>();

/**
 * One split of a registered dataset, streamed from its cached tensor file (decoded from the
 * dataset's URI first when this worker has no verified copy): labels in memory, each image
 * read at its offset when a batch needs it. Throws `DATASET_MISSING` when the files or the
 * split are gone, `DATASET_INVALID` when they no longer match the registered checksum or do
 * not decode; storage errors (an unreachable S3) as they are, so the activity retries them.
 */
export async function loadRegisteredDataset(
  dataset: ResolvedDataset,
  split: 'train' | 'test',
): Promise<ImageDataset> {
  try {
    const file = await materializeDataset(dataset);
    let tensors = open.get(file);
    if (!tensors) {
      tensors = TensorFile.open(file);
      open.set(file, tensors);
    }
    const part = tensors.split(split);
    const reader = tensors;
    const { height, width, channels, numClasses } = tensors.header;
    return {
      name: `${dataset.name}/${split}`,
      count: part.count,
      height,
      width,
      channels,
      numClasses,
      labels: tensors.readLabels(part),
      images: { read: (index, target, offset) => reader.readImage(part, index, target, offset) },
    };
  } catch (error) {
    if (!(error instanceof DatasetError)) throw error;
    const code = error.code === 'NOT_FOUND' ? 'DATASET_MISSING' : 'DATASET_INVALID';
    throw new TrainingError(code, `dataset ${dataset.name}: ${error.message}`, { cause: error });
  }
}
