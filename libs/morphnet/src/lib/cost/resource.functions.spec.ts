import { describe, expect, it } from 'vitest';
import type { OpNode } from '../graph/op-graph';
import { resolveHardware } from './hardware.profiles';
import {
  flopCoefficient,
  flopFunction,
  latencyFunction,
  memoryFunction,
  modelSizeFunction,
  type LinearCost,
} from './resource.functions';

// docs/morphnet.md §10.8: image [?, 11, 13, 17]; conv1 = conv(image, 19, 7x5, stride 2) → 6×7.
const image: OpNode = {
  name: 'image',
  type: 'Placeholder',
  inputs: [],
  outputShapes: [[null, 11, 13, 17]],
  attrs: {},
};
const filter: OpNode = {
  name: 'conv1/kernel',
  type: 'VariableV2',
  inputs: [],
  outputShapes: [[7, 5, 17, 19]],
  attrs: {},
};
const conv: OpNode = {
  name: 'conv1/Conv2D',
  type: 'Conv2D',
  inputs: [
    { op: image, index: 0 },
    { op: filter, index: 0 },
  ],
  outputShapes: [[null, 6, 7, 19]],
  attrs: {},
};
const act: OpNode = {
  name: 'act',
  type: 'Placeholder',
  inputs: [],
  outputShapes: [[null, 6, 7, 10]],
  attrs: {},
};
const dwFilter: OpNode = {
  name: 'dw/kernel',
  type: 'VariableV2',
  inputs: [],
  outputShapes: [[3, 2, 10, 1]],
  attrs: {},
};
const dw: OpNode = {
  name: 'dw/depthwise',
  type: 'DepthwiseConv2dNative',
  inputs: [
    { op: act, index: 0 },
    { op: dwFilter, index: 0 },
  ],
  outputShapes: [[null, 6, 7, 10]],
  attrs: {},
};

/** Evaluates a linear cost at (A_in, A_out, R_in, R_out). */
const at = (
  fn: (op: OpNode, aIn: number, aOut: number) => LinearCost,
  op: OpNode,
  aIn: number,
  aOut: number,
  rIn: number,
  rOut: number,
) => {
  const c = fn(op, aIn, aOut);
  return { cost: c.cost, reg: c.inCoeff * rIn + c.outCoeff * rOut };
};

describe('resource functions on single ops (docs/morphnet.md §10.8)', () => {
  it('FLOPs, memory and model size of a conv', () => {
    expect(flopCoefficient(conv)).toBe(2940);
    expect(at(flopFunction(1), conv, 17, 19, 17, 19)).toEqual({ cost: 949620, reg: 1899240 });
    expect(at(memoryFunction(1), conv, 17, 19, 17, 19)).toEqual({ cost: 58136, reg: 103356 });
    expect(at(modelSizeFunction, conv, 17, 19, 17, 19)).toEqual({ cost: 11305, reg: 22610 });
    expect(at(flopFunction(32), conv, 4, 9, 3, 7)).toEqual({ cost: 3386880, reg: 5174400 });
    expect(at(memoryFunction(32), conv, 4, 9, 3, 7)).toEqual({ cost: 126640, reg: 100244 });
  });

  it('latency takes the roofline maximum and regularizes the dominant side', () => {
    const compute = at(
      latencyFunction({ name: 'a', peakComputeGflops: 1000, memoryBandwidthGBs: 2000 }, 32),
      conv,
      4,
      9,
      3,
      7,
    );
    expect(compute.cost).toBeCloseTo(3386.88, 6);
    expect(compute.reg).toBeCloseTo(5174.4, 6);
    const memory = at(
      latencyFunction({ name: 'b', peakComputeGflops: 1000, memoryBandwidthGBs: 20 }, 32),
      conv,
      4,
      9,
      3,
      7,
    );
    expect(memory.cost).toBeCloseTo(6332.0, 6);
    expect(memory.reg).toBeCloseTo(5012.2, 6);
  });

  it('depthwise convs use A_out only and R_in + R_out', () => {
    expect(flopCoefficient(dw)).toBe(504);
    expect(at(flopFunction(1), dw, 10, 10, 10, 10)).toEqual({ cost: 5040, reg: 10080 });
    expect(at(modelSizeFunction, dw, 10, 10, 10, 10)).toEqual({ cost: 60, reg: 120 });
  });

  it('unknown hardware names are an error; modern profiles resolve', () => {
    expect(() => resolveHardware('Z80')).toThrow(/unknown hardware/);
    expect(() => resolveHardware(undefined)).toThrow(/hardware/);
    expect(resolveHardware('H100').memoryBandwidthGBs).toBe(3350);
    expect(() => latencyFunction(resolveHardware('V100'), 0)).toThrow(/batch size/);
  });
});
