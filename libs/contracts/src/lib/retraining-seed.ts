import { MAX_RETRAIN_SEEDS } from './sweep.schema';

// An odd step, so `replica * step` differs for every replica modulo 2^31 (the golden ratio's
// fraction of 2^31, which spreads consecutive replicas far apart).
const REPLICA_SEED_STEP = 0x4f1bbcdd;

/**
 * The RNG seed of a sweep's `replica`-th retraining of a structure (its initialisation, data
 * order, augmentation and validation split). Replica 0 trains with the spec's `seed` exactly,
 * as every retraining did before replicas existed: their stored results, checkpoints and
 * resumes stay those of the same training. Other replicas step away from it by a fixed odd
 * stride modulo 2^31, so the `seeds` replicas of a sweep never share a seed, a learned
 * structure and its width baseline of the same replica share one (same data, paired), and
 * every value stays a valid spec seed (0 to 2^31 − 1), inside Postgres' 32-bit integer.
 * Throws RangeError for a replica outside 0 to MAX_RETRAIN_SEEDS − 1 or a seed outside the
 * spec's range.
 */
export function retrainingSeed(specSeed: number, replica: number): number {
  if (!Number.isInteger(replica) || replica < 0 || replica >= MAX_RETRAIN_SEEDS)
    throw new RangeError(
      `replica must be an integer in 0..${MAX_RETRAIN_SEEDS - 1}, got ${replica}`,
    );
  if (!Number.isInteger(specSeed) || specSeed < 0 || specSeed > 2 ** 31 - 1)
    throw new RangeError(`seed must be an integer in 0..2^31 − 1, got ${specSeed}`);
  return (specSeed + ((replica * REPLICA_SEED_STEP) % 2 ** 31)) % 2 ** 31;
}
