import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../backend/select-backend';
import { releaseWasmBackend } from '../backend/wasm-threads.backend';
import { testBackend } from '../../test/backends';
import { MemorySink, tinyConfig } from '../../test/learn.fixture';
import { learnStructure } from './learn-structure';
import type { LearnMetricPoint } from './learn-structure.types';

async function learn(candidateThresholds?: number[]): Promise<LearnMetricPoint[]> {
  const points: LearnMetricPoint[] = [];
  await learnStructure(
    tinyConfig({ ...(candidateThresholds ? { candidateThresholds } : {}) }),
    { onMetrics: (p) => void points.push(...p) },
    { checkpoints: new MemorySink() },
  );
  return points;
}

// Candidates: the structure read at other alive thresholds on every evaluation.
describe(`learnStructure candidate thresholds (${testBackend()})`, () => {
  beforeAll(async () => {
    await selectBackend({ backend: testBackend() });
  });
  afterAll(() => releaseWasmBackend());

  it('reads the structure at each other threshold on every evaluation, changing nothing of the training', async () => {
    const plain = await learn();
    // 0.01 is the run's own threshold: it is not read twice.
    const points = await learn([0.01, 0.9, 1e9, 0.9]);
    expect(points.map((p) => p.step)).toEqual(plain.map((p) => p.step));
    expect(points.map((p) => [p.taskLoss, p.regLoss, p.cost, p.aliveCounts])).toEqual(
      plain.map((p) => [p.taskLoss, p.regLoss, p.cost, p.aliveCounts]),
    );
    expect(plain.every((p) => p.atThresholds === undefined)).toBe(true);
    for (const p of points) {
      const [high, dead] = p.atThresholds ?? [];
      expect([high?.threshold, dead?.threshold]).toEqual([0.9, 1e9]);
      // A higher threshold keeps no more channels of any layer, and costs no more.
      for (const [op, alive] of Object.entries(p.aliveCounts ?? {}))
        expect(high!.aliveCounts[op]).toBeLessThanOrEqual(alive);
      expect(high!.cost).toBeLessThanOrEqual(p.cost);
      // No γ reaches 1e9: every channel is dead there, and the structure has collapsed.
      expect(Object.values(dead!.aliveCounts).every((n) => n === 0)).toBe(true);
      expect(dead!.collapsed).toBe(true);
      expect(high!.collapsed).toBe(false);
    }
  });
});
