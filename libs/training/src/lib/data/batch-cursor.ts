import { TrainingError } from '../training.error';
import { Rng } from './rng';

/**
 * Where a {@link BatchCursor} stands: plain JSON for checkpoints. The order of each epoch is
 * a pure function of `seed` and `epoch`, so the state needs no permutation, and a cursor
 * restored from it yields exactly the batches the original would have yielded next.
 */
export interface DataCursorState {
  readonly version: 1;
  readonly seed: number;
  readonly datasetSize: number;
  readonly batchSize: number;
  readonly shuffle: boolean;
  readonly dropRemainder: boolean;
  /** Epoch of the next batch (0-based). */
  readonly epoch: number;
  /** Position of the next batch within that epoch's order. */
  readonly offset: number;
}

/** Options of {@link BatchCursor.create}. */
export interface BatchCursorOptions {
  readonly datasetSize: number;
  readonly batchSize: number;
  readonly seed: number;
  /** Reshuffle every epoch (default true); false visits images in index order. */
  readonly shuffle?: boolean;
  /** Skip an epoch's last, smaller batch (default true: every batch has `batchSize` images). */
  readonly dropRemainder?: boolean;
}

/** One batch's image indices and where it came from. */
export interface BatchIndices {
  readonly indices: Int32Array;
  readonly epoch: number;
}

/** An endless, epoch-by-epoch, seeded sequence of index batches over a dataset. */
export class BatchCursor {
  private order: Int32Array | undefined;
  private orderEpoch = -1;

  private constructor(private current: DataCursorState) {}

  /** A cursor at the start of epoch 0. Throws `INVALID_ARGUMENT` on bad sizes. */
  static create(options: BatchCursorOptions): BatchCursor {
    return BatchCursor.restore({
      version: 1,
      seed: options.seed,
      datasetSize: options.datasetSize,
      batchSize: options.batchSize,
      shuffle: options.shuffle ?? true,
      dropRemainder: options.dropRemainder ?? true,
      epoch: 0,
      offset: 0,
    });
  }

  /**
   * Resumes from {@link BatchCursor.state}. With `datasetSize`, also checks that the state was
   * made for a dataset of that size (`CURSOR_MISMATCH` otherwise). `INVALID_ARGUMENT` for a
   * malformed state.
   */
  static restore(state: DataCursorState, expect?: { datasetSize?: number }): BatchCursor {
    const ints = [state?.seed, state?.datasetSize, state?.batchSize, state?.epoch, state?.offset];
    if (
      state?.version !== 1 ||
      !ints.every(Number.isInteger) ||
      state.datasetSize < 1 ||
      state.batchSize < 1 ||
      state.epoch < 0 ||
      state.offset < 0 ||
      state.offset > state.datasetSize
    ) {
      throw new TrainingError(
        'INVALID_ARGUMENT',
        `not a valid data cursor state: ${JSON.stringify(state)}`,
      );
    }
    if (state.dropRemainder && state.batchSize > state.datasetSize) {
      throw new TrainingError(
        'INVALID_ARGUMENT',
        `batch size ${state.batchSize} exceeds dataset size ${state.datasetSize}`,
      );
    }
    if (expect?.datasetSize !== undefined && expect.datasetSize !== state.datasetSize) {
      throw new TrainingError(
        'CURSOR_MISMATCH',
        `cursor was made for ${state.datasetSize} images, dataset has ${expect.datasetSize}`,
      );
    }
    return new BatchCursor({ ...state });
  }

  /** The state to checkpoint; restoring it continues with the batch `next()` would return. */
  state(): DataCursorState {
    return { ...this.current };
  }

  /** Batches in one epoch. */
  get batchesPerEpoch(): number {
    const { datasetSize, batchSize, dropRemainder } = this.current;
    return dropRemainder ? Math.floor(datasetSize / batchSize) : Math.ceil(datasetSize / batchSize);
  }

  /** The next batch's indices (a fresh array the caller may keep). */
  next(): BatchIndices {
    let { epoch, offset } = this.current;
    const { datasetSize, batchSize, dropRemainder } = this.current;
    const remaining = datasetSize - offset;
    if (remaining === 0 || (dropRemainder && remaining < batchSize)) {
      epoch += 1;
      offset = 0;
    }
    const size = Math.min(batchSize, datasetSize - offset);
    const indices = this.epochOrder(epoch).slice(offset, offset + size);
    this.current = { ...this.current, epoch, offset: offset + size };
    return { indices, epoch };
  }

  private epochOrder(epoch: number): Int32Array {
    if (this.orderEpoch !== epoch || !this.order) {
      const identity = Int32Array.from({ length: this.current.datasetSize }, (_, i) => i);
      // One independent stream per (seed, epoch): resuming needs no PRNG history.
      this.order = this.current.shuffle
        ? Rng.fromSeed(mixSeed(this.current.seed, epoch)).shuffle(identity)
        : identity;
      this.orderEpoch = epoch;
    }
    return this.order;
  }
}

function mixSeed(seed: number, epoch: number): number {
  return (Math.imul(seed | 0, 0x9e3779b1) ^ Math.imul(epoch + 1, 0x85ebca77)) | 0;
}
