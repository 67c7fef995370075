/**
 * Bounds on what a submitted sweep (or an inspected network) may ask of a worker, checked
 * before anything is written, so an oversized request is a 400 naming the limit instead of
 * a run that fails to allocate on every attempt. The API reads each from the environment
 * (docs/configuration.md); these are the defaults.
 */
export interface SubmissionLimits {
  /** Most trainable parameters of the seed network (morphnet `countParameters`). */
  maxParameters: number;
  /**
   * Most bytes of float32 activations one training step holds: the outputs of every input and
   * layer of one example, times the largest batch size of the spec (structure learning or
   * retraining).
   */
  maxActivationBytes: number;
  /** Most layers in a network description. */
  maxLayers: number;
  /** Largest `dataset.subsetSize` (examples held in memory by a worker). */
  maxSubsetSize: number;
  /** Deepest nesting of arrays and objects in a JSON request body. */
  maxJsonDepth: number;
}

/**
 * The default limits: above every zoo network (up to VGG-16's 138 M parameters; fmnist-cnn's
 * 82 KB of activations per example at the largest batch, 4096, is 335 MB) and far below what
 * fails to allocate (a conv of 10^9 filters: 9 × 10^9 parameters).
 */
export const DEFAULT_SUBMISSION_LIMITS: Readonly<SubmissionLimits> = {
  maxParameters: 200_000_000,
  maxActivationBytes: 4 * 1024 ** 3,
  maxLayers: 1_000,
  maxSubsetSize: 1_000_000,
  maxJsonDepth: 32,
};
