import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordHistory } from '../../test/histories';
import { openTestEnv, type TestEnv } from '../../test/test-env';

// Auto retraining over deduplicated candidates, on the real dev server with fake training.
describe('sweepWorkflow with candidates per run', () => {
  let env: TestEnv;

  beforeAll(async () => {
    env = await openTestEnv();
  });
  afterAll(async () => {
    await env?.close();
  });

  it('retrains each distinct candidate structure once, however many thresholds and steps gave it', async () => {
    env.world.addSweep({
      id: 'candidates',
      cells: 3,
      concurrency: 3,
      retrain: { policy: 'auto', topK: 10, baseline: true },
      // Cell 0 at two thresholds and cell 1 at its own give one structure, 'same'; cell 1
      // later prunes further ('narrow'); cell 0's own final structure is 'wide'; cell 2 fails.
      candidates: [
        { cell: 0, step: 10, threshold: 0.01, structureHash: 'same', cost: 400, accuracy: 0.8 },
        { cell: 0, step: 10, threshold: 0.1, structureHash: 'same', cost: 400, accuracy: 0.8 },
        { cell: 1, step: 10, threshold: 0.1, structureHash: 'same', cost: 400, accuracy: 0.82 },
        { cell: 1, step: 20, threshold: 0.1, structureHash: 'narrow', cost: 200, accuracy: 0.7 },
        { cell: 0, step: 20, threshold: 0.1, structureHash: 'wide', cost: 1000, accuracy: 0.9 },
        { cell: 2, step: 20, threshold: 0.1, structureHash: 'lost', cost: 100, accuracy: 0.99 },
      ],
      learn: (r) => (r.index === 2 ? { fail: 'INFRASTRUCTURE' } : 'succeed'),
    });
    const handle = await env.startSweep('candidates');
    const outcome = await handle.result();
    expect(outcome.status).toBe('FAILED');

    const [c0, c1] = env.world.runsOf('candidates').map((r) => r.id);
    const retrainings = env.world.retrainingsOf('candidates');
    const learned = retrainings
      .filter((r) => r.kind === 'LEARNED')
      .map((r) => [r.structureHash, r.sourceRunId, r.status])
      .sort();
    // 'same' once, from the run whose candidate was the most accurate; a failed cell's
    // candidates are not retrained.
    expect(learned).toEqual([
      ['narrow', c1, 'SUCCEEDED'],
      ['same', c1, 'SUCCEEDED'],
      ['wide', c0, 'SUCCEEDED'],
    ]);
    // Each baseline is sized to its own candidate, under the same structure hash.
    expect(
      retrainings
        .filter((r) => r.kind === 'WIDTH_MULTIPLIER')
        .map((r) => r.structureHash)
        .sort(),
    ).toEqual(['narrow', 'same', 'wide']);
    expect(new Set(retrainings.map((r) => r.workflowId)).size).toBe(6);
    expect(outcome.retrainingIds).toHaveLength(3);
    await recordHistory('sweep-candidates', handle);
  });
});
