import * as tf from '@tensorflow/tfjs-core';
import { MorphnetError } from '../errors';

/** Roofline parameters of one accelerator. */
export interface HardwareProfile {
  readonly name: string;
  /** Peak compute in GFLOP/s. */
  readonly peakComputeGflops: number;
  /** Memory bandwidth in GB/s. */
  readonly memoryBandwidthGBs: number;
}

const profile = (
  name: string,
  peakComputeGflops: number,
  memoryBandwidthGBs: number,
): HardwareProfile => ({ name, peakComputeGflops, memoryBandwidthGBs });

/** The reference library's table (docs/morphnet.md §6.6), unchanged. */
export const REFERENCE_HARDWARE: Readonly<Record<string, HardwareProfile>> = {
  K80: profile('K80', 8740, 480),
  P4: profile('P4', 5500, 192),
  T4: profile('T4', 8100, 300),
  P100: profile('P100', 9300, 732),
  V100: profile('V100', 125000, 900),
  TPUv2: profile('TPUv2', 22500, 300),
  FLOP_LATENCY: profile('FLOP_LATENCY', 1, 1e20),
  MEMORY_LATENCY: profile('MEMORY_LATENCY', 1e20, 1),
};

/**
 * Current accelerators from NVIDIA datasheets. Like the reference V100 entry (125 TFLOP/s =
 * FP16 tensor cores), compute is the dense FP16 tensor-core peak (no sparsity).
 */
export const MODERN_HARDWARE: Readonly<Record<string, HardwareProfile>> = {
  // A100 SXM4 80GB: 312 TFLOP/s FP16 tensor dense, 2,039 GB/s HBM2e.
  A100: profile('A100', 312000, 2039),
  // H100 SXM5: 989 TFLOP/s FP16 tensor dense, 3,350 GB/s HBM3.
  H100: profile('H100', 989000, 3350),
  // L4: 121 TFLOP/s FP16 tensor dense, 300 GB/s GDDR6.
  L4: profile('L4', 121000, 300),
};

/** Every named profile: the reference table, current GPUs (`host-cpu` is measured on demand). */
export const HARDWARE_PROFILES: Readonly<Record<string, HardwareProfile>> = {
  ...REFERENCE_HARDWARE,
  ...MODERN_HARDWARE,
};

/** The name that selects {@link measureHostCpuProfile}. */
export const HOST_CPU = 'host-cpu';

/**
 * Resolves a hardware name (a table key or `host-cpu`) or a user profile. Throws
 * `UNKNOWN_HARDWARE` for any other name, `INVALID_ARGUMENT` for a non-positive profile.
 */
export function resolveHardware(hardware: string | HardwareProfile | undefined): HardwareProfile {
  if (hardware === undefined)
    throw new MorphnetError('UNKNOWN_HARDWARE', 'latency needs a hardware name');
  if (typeof hardware !== 'string') {
    if (!(hardware.peakComputeGflops > 0 && hardware.memoryBandwidthGBs > 0)) {
      throw new MorphnetError(
        'INVALID_ARGUMENT',
        `hardware profile ${hardware.name} needs positive compute and bandwidth`,
      );
    }
    return hardware;
  }
  if (hardware === HOST_CPU) return measureHostCpuProfile();
  // An own-property lookup: `constructor` or `__proto__` must not find Object.prototype's.
  const found = Object.hasOwn(HARDWARE_PROFILES, hardware)
    ? HARDWARE_PROFILES[hardware]
    : undefined;
  if (!found) {
    const known = [...Object.keys(HARDWARE_PROFILES), HOST_CPU].join(', ');
    throw new MorphnetError('UNKNOWN_HARDWARE', `unknown hardware "${hardware}"; known: ${known}`);
  }
  return found;
}

let hostCpu: HardwareProfile | undefined;

/**
 * Measures the running machine with a micro-benchmark (once, then cached): peak compute from a
 * 256×256 matmul on the active tfjs backend, bandwidth from large typed-array copies.
 */
export function measureHostCpuProfile(): HardwareProfile {
  if (hostCpu) return hostCpu;
  const n = 256;
  const gflops = tf.tidy(() => {
    const a = tf.randomUniform([n, n]);
    tf.matMul(a, a).dataSync();
    const reps = 8;
    const t0 = performance.now();
    for (let i = 0; i < reps; i++) tf.matMul(a, a).dataSync();
    return (2 * n * n * n * reps) / ((performance.now() - t0) * 1e6);
  });
  const src = new Float32Array(4 << 20);
  const dst = new Float32Array(src.length);
  dst.set(src);
  const copies = 8;
  const t0 = performance.now();
  for (let i = 0; i < copies; i++) dst.set(src);
  // Each copy reads and writes the buffer once.
  const bandwidth = (2 * src.byteLength * copies) / ((performance.now() - t0) * 1e6);
  hostCpu = profile(HOST_CPU, gflops, bandwidth);
  return hostCpu;
}
