import { describe, expect, it } from 'vitest';
import {
  HOST_CPU,
  buildModel,
  createNetworkRegularizer,
  measureHostCpuProfile,
  resolveHardware,
} from '../../index';
import { Net } from '../../test/slim.fixture';

describe('host-cpu hardware profile (micro-benchmark)', () => {
  it('measures a finite, positive profile once and resolveHardware returns it', () => {
    const profile = measureHostCpuProfile();
    expect(profile.name).toBe(HOST_CPU);
    for (const v of [profile.peakComputeGflops, profile.memoryBandwidthGBs]) {
      expect(Number.isFinite(v)).toBe(true);
      expect(v).toBeGreaterThan(0);
    }
    // Cached: no second benchmark, the very same object.
    expect(measureHostCpuProfile()).toBe(profile);
    expect(resolveHardware('host-cpu')).toBe(profile);
  });

  it('drives the latency cost like any table profile (roofline by hand with its numbers)', () => {
    const n = new Net({ name: 'image', shape: [4, 4, 2] });
    n.slim('conv', 'image', 3, [1, 1], [1, 1, 0]);
    const model = buildModel(n.build(['conv_relu']));
    const reg = createNetworkRegularizer({
      graph: model.graph(),
      tensors: model,
      family: 'gamma',
      resource: 'latency',
      threshold: 0.1,
      hardware: 'host-cpu',
    });
    const { peakComputeGflops: peak, memoryBandwidthGBs: bw } = resolveHardware('host-cpu');
    expect(reg.costName).toBe('host-cpu Latency');
    // 2 alive of 3 channels. conv: 2·S·K·A_in·A_out FLOPs, 4·(S·A_in + K·A_in·A_out + S·A_out)
    // bytes; BN and relu: 4·(S·A + S·A) bytes each (docs/morphnet.md §6.7), S = 16.
    const conv = Math.max((2 * 16 * 2 * 2) / peak, (4 * (16 * 2 + 2 * 2 + 16 * 2)) / bw);
    const elementwise = (4 * (16 * 2 + 16 * 2)) / bw;
    const cost = reg.getCost();
    expect(Number.isFinite(cost)).toBe(true);
    expect(cost).toBeGreaterThan(0);
    expect(cost / (conv + 2 * elementwise)).toBeCloseTo(1, 9);
    const term = reg.getRegularizationTerm();
    expect(Number.isFinite(term.dataSync()[0])).toBe(true);
    term.dispose();
    model.dispose();
  });

  it("knows only its own names: Object.prototype's keys are unknown hardware", () => {
    for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf']) {
      expect(() => resolveHardware(name)).toThrow(
        expect.objectContaining({ code: 'UNKNOWN_HARDWARE' }),
      );
    }
    expect(resolveHardware('T4').peakComputeGflops).toBe(8100);
  });
});
