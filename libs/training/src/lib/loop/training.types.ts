import type { DatasetKind } from '@morphsweep/contracts';

/**
 * The data a training run trains and evaluates on. Plain JSON, so it can sit in a sweep spec
 * and in a checkpoint's trajectory.
 */
export interface DatasetConfig {
  kind: DatasetKind;
  /** Use only the first N training examples (after the seeded shuffle). */
  subsetSize?: number;
  /** Fraction held out for validation (default 0.1). */
  validationFraction?: number;
  /** Fashion-MNIST directory (default: the Debian package's). */
  directory?: string;
}

/** Where checkpoints go; implemented over an artifact store by the caller. */
export interface CheckpointSink {
  /** Stores a checkpoint's bytes for `step`; resolves to its URI. */
  save(step: number, bytes: Uint8Array): Promise<string>;
  /** Loads the checkpoint at `uri`. */
  load(uri: string): Promise<Uint8Array>;
}
