import { BatchCursor } from '../data/batch-cursor';
import { Rng } from '../data/rng';

/**
 * Where every training run stands besides its model variables and optimizer slots: the steps
 * taken (so the schedule's position), the data cursor and the RNG that seeds each step's gate
 * noise and dropout. Checkpointed and restored by the training loop.
 */
export interface LoopState {
  step: number;
  cursor: BatchCursor;
  rng: Rng;
}

/** The state at step 0: a cursor at the start of epoch 0 and an RNG, both seeded by `seed`. */
export function initialLoopState(datasetSize: number, batchSize: number, seed: number): LoopState {
  return {
    step: 0,
    cursor: BatchCursor.create({ datasetSize, batchSize, seed }),
    rng: Rng.fromSeed(seed),
  };
}
