import { randomUUID } from 'node:crypto';
import { SweepRepository, type Db, type NewSweep } from '@morphsweep/db';
import { parseSweepSpec, sweepWorkflowId } from '@morphsweep/contracts';

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
 * {@link sweepSpec} as the API stores it: parsed, every default filled in. A sweep a spec
 * writes straight to the database must hold one, or its GET answers a spec that breaks the
 * response contract (the schemathesis spec reads every sweep in the shared database).
 */
export function storedSweepSpec(...args: Parameters<typeof sweepSpec>): NewSweep['spec'] {
  const parsed = parseSweepSpec(sweepSpec(...args));
  if (!parsed.ok) throw new Error(`fixture spec is invalid: ${JSON.stringify(parsed.issues)}`);
  // Plain JSON; the type system sees the seed description as a record of unknowns.
  return parsed.spec as unknown as NewSweep['spec'];
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
    spec: storedSweepSpec(
      name,
      runIds.map((_, i) => 1e-8 * (i + 1)),
    ),
    workflowId: sweepWorkflowId(sweepId),
    seedCost: 1000,
    cells: runIds.map((id, i) => ({ id, cellIndex: i, strength: 1e-8 * (i + 1), threshold: 0.01 })),
  });
  return { sweepId, runIds };
}
