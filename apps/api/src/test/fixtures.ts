import { randomUUID } from 'node:crypto';
import { SweepRepository, type Db } from '@morphsweep/db';
import { sweepWorkflowId } from '@morphsweep/contracts';

/** A small valid sweep spec (one zoo network, synthetic data, a few steps). */
export function sweepSpec(
  name: string,
  strengths: number[] = [1e-8],
  thresholds: number[] = [0.01],
) {
  return {
    name,
    seedNetwork: 'fmnist-cnn',
    dataset: { kind: 'synthetic', subsetSize: 256 },
    morphnet: { family: 'gamma', resource: 'flops' },
    grid: { strengths, thresholds },
    budget: {
      steps: 20,
      batchSize: 16,
      learningRate: 0.01,
      evalInterval: 10,
      checkpointInterval: 10,
    },
  };
}

/**
 * Writes a sweep and `cells` QUEUED runs straight to the database, starting no workflow, so a
 * test can put them in any state and check that a request started nothing.
 */
export async function seedSweep(
  db: Db,
  cells: number,
  name = 'fixture',
): Promise<{ sweepId: string; runIds: string[] }> {
  const sweepId = randomUUID();
  const runIds = Array.from({ length: cells }, () => randomUUID());
  await new SweepRepository(db).createWithRuns({
    id: sweepId,
    name,
    spec: sweepSpec(
      name,
      runIds.map((_, i) => 1e-8 * (i + 1)),
    ),
    workflowId: sweepWorkflowId(sweepId),
    seedCost: 1000,
    cells: runIds.map((id, i) => ({ id, cellIndex: i, strength: 1e-8 * (i + 1), threshold: 0.01 })),
  });
  return { sweepId, runIds };
}
