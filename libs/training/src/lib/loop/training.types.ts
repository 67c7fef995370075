import type { DatasetKind, REGISTERED_DATASET_KIND, ResolvedDataset } from '@morphsweep/contracts';

/**
 * The data a training run trains and evaluates on: a built-in set, or a registered dataset
 * as the API resolved it (which bytes, by checksum, and where they are). Plain JSON, so it
 * can sit in a sweep spec and in a checkpoint's trajectory.
 */
export type DatasetConfig = BuiltInDatasetConfig | RegisteredDatasetConfig;

/** Subset and validation fields every dataset config has. */
interface DatasetSubset {
  /** Use only the first N training examples (after the seeded shuffle). */
  subsetSize?: number;
  /** Fraction held out for validation (default 0.1). */
  validationFraction?: number;
}

/** A built-in dataset. */
export interface BuiltInDatasetConfig extends DatasetSubset {
  kind: DatasetKind;
  /** Fashion-MNIST directory (default: the Debian package's). */
  directory?: string;
}

/** A registered dataset; training needs `resolved` (the API fills it in at submission). */
export interface RegisteredDatasetConfig extends DatasetSubset {
  kind: typeof REGISTERED_DATASET_KIND;
  /** The name or id the spec gave. */
  dataset: string;
  resolved?: ResolvedDataset;
}

/** Where checkpoints go; implemented over an artifact store by the caller. */
export interface CheckpointSink {
  /** Stores a checkpoint's bytes for `step`; resolves to its URI. */
  save(step: number, bytes: Uint8Array): Promise<string>;
  /** Loads the checkpoint at `uri`. */
  load(uri: string): Promise<Uint8Array>;
}
