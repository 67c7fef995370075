import { MorphnetError } from '../errors';
import type { OpNode } from '../graph/op-graph';
import type { HardwareProfile } from './hardware.profiles';
import { FLOP_OPS, WEIGHT_INPUT_OPS, kernelArea, product, shapeOf, spatialSize } from './op-shapes';

/**
 * Cost of one op and its regularization as a linear form:
 * `regularization = inCoeff · R_in + outCoeff · R_out` (every MorphNet resource is linear in R).
 */
export interface LinearCost {
  readonly cost: number;
  readonly inCoeff: number;
  readonly outCoeff: number;
}

/** A resource: maps an op and its alive counts to a {@link LinearCost}. */
export type ResourceFunction = (op: OpNode, aliveIn: number, aliveOut: number) => LinearCost;

const ZERO: LinearCost = { cost: 0, inCoeff: 0, outCoeff: 0 };

/** FLOP coefficient (docs/morphnet.md §6.2): 2 for MatMul, 2·S·K for convolutions, 0 otherwise. */
export function flopCoefficient(op: OpNode): number {
  switch (op.type) {
    case 'MatMul':
      return 2;
    case 'Conv2D':
    case 'Conv3D':
    case 'DepthwiseConv2dNative':
      return 2 * spatialSize(shapeOf({ op, index: 0 })) * kernelArea(op);
    case 'Conv2DBackpropInput':
      return 2 * spatialSize(shapeOf(op.inputs[2])) * kernelArea(op);
    default:
      return 0;
  }
}

/** Bilinear cost/regularization with coefficient `c` and batch `b` (docs/morphnet.md §6.2). */
export function bilinear(op: OpNode, c: number, b: number, aIn: number, aOut: number): LinearCost {
  if (op.type === 'DepthwiseConv2dNative')
    return { cost: b * c * aOut, inCoeff: b * c, outCoeff: b * c };
  return { cost: b * c * aIn * aOut, inCoeff: b * c * aOut, outCoeff: b * c * aIn };
}

/** FLOPs with batch size `b` (the FLOP network regularizers use 1). */
export function flopFunction(b = 1): ResourceFunction {
  return (op, aIn, aOut) => bilinear(op, flopCoefficient(op), b, aIn, aOut);
}

/** Number of weights of conv and MatMul ops (biases and BN parameters not counted). */
export const modelSizeFunction: ResourceFunction = (op, aIn, aOut) => {
  const c = op.type === 'MatMul' ? 1 : FLOP_OPS.has(op.type) ? kernelArea(op) : 0;
  return c === 0 ? ZERO : bilinear(op, c, 1, aIn, aOut);
};

/** Alive output channels of FLOP ops. */
export const activationCountFunction: ResourceFunction = (op, _aIn, aOut) =>
  FLOP_OPS.has(op.type) ? { cost: aOut, inCoeff: 0, outCoeff: 1 } : ZERO;

const BYTES_PER_ELEMENT = 4;
const isBatchNorm = (type: string): boolean => type.startsWith('FusedBatchNorm');

/** Bytes read and written by the op (docs/morphnet.md §6.5), batch `b`, float32. */
export function memoryFunction(b = 1): ResourceFunction {
  return (op, aIn, aOut) => {
    let inP = 0;
    let weightP = 0;
    const inputs = op.type === 'ConcatV2' ? [{ op, index: 0 }] : op.inputs;
    inputs.forEach((input, i) => {
      const shape = shapeOf(input);
      if (op.type !== 'ConcatV2' && i === 1 && WEIGHT_INPUT_OPS.has(op.type))
        weightP += product(shape.slice(0, -2)) * BYTES_PER_ELEMENT;
      else if (
        (op.type === 'Conv2DBackpropInput' && i === 0) ||
        (isBatchNorm(op.type) && i >= 1) ||
        (op.type === 'Sum' && i === 1)
      )
        return;
      else inP += product(shape.slice(1, -1)) * BYTES_PER_ELEMENT;
    });
    const outP = op.outputShapes
      .filter((_, i) => !(isBatchNorm(op.type) && i >= 1))
      .reduce((sum, s) => sum + product(s.slice(1, -1)) * BYTES_PER_ELEMENT, 0);
    return {
      cost: inP * b * aIn + outP * b * aOut + weightP * aIn * aOut,
      inCoeff: inP * b + weightP * aOut,
      outCoeff: outP * b + weightP * aIn,
    };
  };
}

/**
 * Roofline latency in nanoseconds (docs/morphnet.md §6.6): max(FLOPs / peak GFLOP/s, bytes / GB/s);
 * the regularization follows the larger side (ties → compute). Throws for batch ≤ 0.
 */
export function latencyFunction(hardware: HardwareProfile, b = 1): ResourceFunction {
  if (!(b > 0)) throw new MorphnetError('INVALID_ARGUMENT', `batch size must be > 0, got ${b}`);
  const flops = flopFunction(b);
  const memory = memoryFunction(b);
  return (op, aIn, aOut) => {
    const f = FLOP_OPS.has(op.type) ? flops(op, aIn, aOut) : ZERO;
    const m = memory(op, aIn, aOut);
    const compute = f.cost / hardware.peakComputeGflops;
    const mem = m.cost / hardware.memoryBandwidthGBs;
    const side =
      mem > compute
        ? { l: m, d: hardware.memoryBandwidthGBs }
        : { l: f, d: hardware.peakComputeGflops };
    return {
      cost: Math.max(compute, mem),
      inCoeff: side.l.inCoeff / side.d,
      outCoeff: side.l.outCoeff / side.d,
    };
  };
}
