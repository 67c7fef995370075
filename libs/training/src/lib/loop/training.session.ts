import { buildModel, type MorphModel, type NetworkDescription } from '@morphsweep/morphnet';
import type { OptimizerName } from '@morphsweep/contracts';
import { BatchCursor } from '../data/batch-cursor';
import type { ImageDataset } from '../data/image-dataset';
import { activeBackendName } from './backend.name';
import { loadDatasetSplits } from './dataset.config';
import { SlotOptimizer, type OptimizerOptions } from './optimizer.state';
import type { DatasetConfig } from './training.types';

/** What a training run is set up from. */
export interface TrainingSetup {
  readonly network: NetworkDescription;
  readonly dataset: DatasetConfig;
  readonly batchSize: number;
  readonly optimizer: OptimizerName;
  /** The optimizer's initial learning rate (a schedule may change it each step). */
  readonly learningRate: number;
  /** Seeds the model's initial weights, the data split and shuffle, and the step RNG. */
  readonly seed: number;
  /**
   * The optimizer's other hyper-parameters (retraining's recipe); weight decay applies to the
   * model's kernels only (`isDecayedParameter`), whatever `decayed` says.
   */
  readonly optimizerOptions?: Omit<OptimizerOptions, 'decayed'>;
}

/**
 * Whether weight decay applies to the variable `<layer>/<param>`: convolution and dense
 * kernels, never batch-norm scales and shifts, biases or gate logits (decaying those only
 * fights normalisation and the MorphNet gates).
 */
export function isDecayedParameter(name: string): boolean {
  const param = name.slice(name.lastIndexOf('/') + 1);
  return param === 'kernel' || param.endsWith('Kernel');
}

/** The live objects of one training run: data splits, model and optimizer on the active backend. */
export interface TrainingSession {
  /** Our name of the backend that trains (`BackendInfo.name`). */
  readonly backend: string;
  readonly setup: TrainingSetup;
  readonly train: ImageDataset;
  readonly validation: ImageDataset;
  readonly model: MorphModel;
  readonly optimizer: SlotOptimizer;
  /** Steps of one pass over `train` (whole batches only). */
  readonly stepsPerEpoch: number;
}

/**
 * Opens a {@link TrainingSession} (selecting a backend if none is active, loading and
 * splitting the data, building the model seeded by `setup.seed`), hands it to `use`, and
 * disposes the model and optimizer however `use` ends. Throws what the loaders, `buildModel`
 * and `SlotOptimizer` throw (`TrainingError` / `MorphnetError`).
 */
export async function withTrainingSession<T>(
  setup: TrainingSetup,
  use: (session: TrainingSession) => Promise<T>,
): Promise<T> {
  const backend = await activeBackendName();
  const { train, validation } = await loadDatasetSplits(setup.dataset, setup.seed);
  const { batchesPerEpoch } = BatchCursor.create({
    datasetSize: train.count,
    batchSize: setup.batchSize,
    seed: setup.seed,
  });
  const model = buildModel(setup.network, { seed: setup.seed });
  let optimizer: SlotOptimizer | undefined;
  try {
    const trainable = [...model.variables].filter(([, v]) => v.trainable);
    optimizer = new SlotOptimizer(
      setup.optimizer,
      trainable.map(([, v]) => v),
      setup.learningRate,
      { ...setup.optimizerOptions, decayed: trainable.map(([name]) => isDecayedParameter(name)) },
    );
    const session = { backend, setup, train, validation, model, optimizer };
    return await use({ ...session, stepsPerEpoch: batchesPerEpoch });
  } finally {
    optimizer?.dispose();
    model.dispose();
  }
}
