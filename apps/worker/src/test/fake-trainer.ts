// A deterministic stand-in for the structure-learning and retraining loops, honouring the
// training contract (hooks, checkpoints, resume, cancellation). Test-only.
import { createHash } from 'node:crypto';
import type { LearnStructureFn, RetrainFn } from '@morphsweep/activities';

export interface FakeTrainerOptions {
  /** Wall time per step (ms). */
  stepMs?: number;
  /** Cells whose strength is in this set fail with a non-finite loss. */
  failStrengths?: ReadonlySet<number>;
  /** Called on every step trained (to count steps across attempts). */
  onStep?: (step: number) => void;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The fake structure-learning loop: cost falls with strength, accuracy with it. */
export function fakeLearnStructure(options: FakeTrainerOptions = {}): LearnStructureFn {
  return async (config, hooks, run) => {
    let step = 0;
    if (run.resumeFrom)
      step = JSON.parse(Buffer.from(await run.checkpoints.load(run.resumeFrom)).toString()).step;
    const { steps, evalInterval, checkpointInterval } = config.budget;
    const cost = 1000 / (1 + config.strength * 1e7) + config.threshold * 10;
    const accuracy = 0.5 + 0.4 / (1 + config.strength * 1e6) - config.threshold * 0.1;
    while (step < steps) {
      if (run.signal?.aborted)
        return {
          ...result(config, cost, accuracy, step),
          status: 'cancelled',
          stopReason: 'cancelled',
        };
      await sleep(options.stepMs ?? 0);
      step++;
      options.onStep?.(step);
      hooks.onStep?.(step);
      if (step % evalInterval === 0 || step === steps) {
        // Fails after the first checkpoint, so a resumed cell has one to start from.
        const failing = options.failStrengths?.has(config.strength) && step > checkpointInterval;
        await hooks.onMetrics?.([
          { step, taskLoss: failing ? Number.NaN : 1 / step, regLoss: 0.1, cost, accuracy },
        ]);
      }
      if (step % checkpointInterval === 0 && step < steps) {
        const uri = await run.checkpoints.save(step, Buffer.from(JSON.stringify({ step })));
        await hooks.onCheckpoint?.({ step, uri });
      }
    }
    return result(config, cost, accuracy, step);
  };
}

function result(
  config: Parameters<LearnStructureFn>[0],
  cost: number,
  accuracy: number,
  step: number,
) {
  const structure = { conv1: Math.max(1, Math.round(8 / (1 + config.strength * 1e7))) };
  const structureHash = createHash('sha256')
    .update(JSON.stringify(structure))
    .digest('hex')
    .slice(0, 16);
  return {
    status: 'succeeded' as const,
    stopReason: 'budget' as const,
    stepsTrained: step,
    structure,
    structureHash,
    cost,
    flops: cost,
    modelSize: cost / 10,
    accuracy,
    regLoss: 0.1,
    backend: 'fake',
  };
}

/** The fake retraining loop: a fixed accuracy after `budget.steps` steps. */
export function fakeRetrain(options: FakeTrainerOptions = {}): RetrainFn {
  return async (request, run) => {
    const outcome = (status: 'succeeded' | 'cancelled', steps: number, accuracy: number) => ({
      status,
      network: request.network,
      epochs: [],
      steps,
      accuracy,
      cost: 0,
      flops: 0,
      modelSize: 0,
      parameters: 0,
      backend: 'fake',
    });
    // A budget in epochs (no steps) counts one step an epoch here.
    const { budget } = request;
    const total = budget.steps ?? ('epochs' in budget ? (budget.epochs ?? 1) : 1);
    for (let step = 1; step <= total; step++) {
      if (run.signal?.aborted) return outcome('cancelled', step, 0);
      await sleep(options.stepMs ?? 0);
      run.onStep?.(step);
    }
    return outcome('succeeded', total, 0.8);
  };
}
