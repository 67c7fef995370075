import * as tf from '@tensorflow/tfjs-core';
import type { MorphModel } from '@morphsweep/morphnet';
import { TrainingError } from '../training.error';
import type { CheckpointTensor } from './checkpoint.codec';
import type { SlotOptimizer } from './optimizer.state';

/**
 * The tensors of a training checkpoint: `model/<layer>/<param>` for every model variable
 * (batch-norm moving statistics included) and `optimizer/<variable index>/<slot>` for every
 * optimizer slot, copied from the device bit for bit. Structure learning's and retraining's
 * checkpoints both hold them.
 */
export function modelStateTensors(model: MorphModel, optimizer: SlotOptimizer): CheckpointTensor[] {
  const tensors: CheckpointTensor[] = [];
  for (const [key, v] of model.variables)
    tensors.push({ name: `model/${key}`, shape: v.shape, values: v.dataSync() as Float32Array });
  for (const slot of optimizer.slotTensors())
    tensors.push({
      name: `optimizer/${slot.name}`,
      shape: slot.tensor.shape,
      values: slot.tensor.dataSync() as Float32Array,
    });
  return tensors;
}

/**
 * Assigns {@link modelStateTensors}' tensors back to `model` and `optimizer` (whose iteration
 * count becomes `iterations`). Throws `CHECKPOINT_MISMATCH` naming the first model variable
 * or optimizer slot the checkpoint has no values of the right size for; assigns nothing to
 * the model before every variable has been checked.
 */
export function restoreModelState(
  tensors: readonly CheckpointTensor[],
  model: MorphModel,
  optimizer: SlotOptimizer,
  iterations: number,
): void {
  const byName = new Map(tensors.map((t) => [t.name, t.values]));
  const assignments = [...model.variables].map(([key, v]) => {
    const values = byName.get(`model/${key}`);
    if (!values || values.length !== v.size) {
      throw new TrainingError(
        'CHECKPOINT_MISMATCH',
        `checkpoint has no matching values for model variable ${key} (expected ${v.size}, got ${values?.length ?? 'none'})`,
      );
    }
    return [v, values] as const;
  });
  const slots = new Map(
    [...byName]
      .filter(([n]) => n.startsWith('optimizer/'))
      .map(([n, values]) => [n.slice('optimizer/'.length), values]),
  );
  optimizer.restore(iterations, slots);
  for (const [v, values] of assignments) tf.tidy(() => v.assign(tf.tensor(values, v.shape)));
}
