/**
 * Installs our kernels for tfjs's native `tensorflow` backend (tfjs-node built against current
 * TensorFlow). Returns the names installed.
 */
export function registerNativeTrainingKernels(): readonly string[] {
  return [];
}
