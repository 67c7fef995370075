import { TrainingError } from '../training.error';

/** The serialisable state of an {@link Rng}: plain JSON, safe to store in a checkpoint. */
export interface RngState {
  readonly algorithm: 'xoshiro128**';
  /** Four unsigned 32-bit words, not all zero. */
  readonly words: readonly [number, number, number, number];
}

const rotl = (x: number, k: number): number => ((x << k) | (x >>> (32 - k))) >>> 0;

/**
 * A small, fast, seedable PRNG (xoshiro128**, public-domain algorithm by Blackman and Vigna)
 * whose whole state is four 32-bit words, so it can be checkpointed as JSON with
 * {@link Rng.state} and resumed with {@link Rng.fromState} to continue the same sequence.
 */
export class Rng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  private constructor(words: readonly [number, number, number, number]) {
    [this.s0, this.s1, this.s2, this.s3] = words.map((w) => w >>> 0) as [
      number,
      number,
      number,
      number,
    ];
  }

  /** A generator seeded from any integer (expanded with SplitMix32, never all-zero). */
  static fromSeed(seed: number): Rng {
    if (!Number.isFinite(seed))
      throw new TrainingError('INVALID_ARGUMENT', `seed must be a finite number, got ${seed}`);
    let x = (Math.trunc(seed) ^ 0x9e3779b9) >>> 0;
    const next = (): number => {
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return (z ^ (z >>> 16)) >>> 0;
    };
    const words: [number, number, number, number] = [next(), next(), next(), next()];
    if (words.every((w) => w === 0)) words[0] = 1;
    return new Rng(words);
  }

  /** Resumes a generator from {@link Rng.state}; throws `INVALID_ARGUMENT` on a malformed state. */
  static fromState(state: RngState): Rng {
    const words = state?.words;
    const valid =
      state?.algorithm === 'xoshiro128**' &&
      Array.isArray(words) &&
      words.length === 4 &&
      words.every((w) => Number.isInteger(w) && w >= 0 && w <= 0xffffffff) &&
      words.some((w) => w !== 0);
    if (!valid)
      throw new TrainingError(
        'INVALID_ARGUMENT',
        `not an xoshiro128** state: ${JSON.stringify(state)}`,
      );
    return new Rng(words);
  }

  /** The current state; `Rng.fromState(rng.state())` continues exactly where `rng` is. */
  state(): RngState {
    return { algorithm: 'xoshiro128**', words: [this.s0, this.s1, this.s2, this.s3] };
  }

  /** The next unsigned 32-bit integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5) >>> 0, 7), 9) >>> 0;
    const t = (this.s1 << 9) >>> 0;
    this.s2 = (this.s2 ^ this.s0) >>> 0;
    this.s3 = (this.s3 ^ this.s1) >>> 0;
    this.s1 = (this.s1 ^ this.s2) >>> 0;
    this.s0 = (this.s0 ^ this.s3) >>> 0;
    this.s2 = (this.s2 ^ t) >>> 0;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** A float in [0, 1) with 32 random bits. */
  nextFloat(): number {
    return this.nextUint32() / 0x100000000;
  }

  /** An integer in [0, n) for 0 < n ≤ 2^32. */
  nextInt(n: number): number {
    return Math.floor(this.nextFloat() * n);
  }

  /** A standard normal deviate (Box–Muller; uses two draws). */
  nextGaussian(): number {
    const u = 1 - this.nextFloat();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.nextFloat());
  }

  /** Shuffles `values` in place (Fisher–Yates) and returns it. */
  shuffle<T extends { length: number; [i: number]: unknown }>(values: T): T {
    for (let i = values.length - 1; i > 0; i--) {
      const j = this.nextInt(i + 1);
      const tmp = values[i];
      values[i] = values[j];
      values[j] = tmp;
    }
    return values;
  }
}
