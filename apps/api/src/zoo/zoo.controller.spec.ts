import 'reflect-metadata';
// The cross-check builds tfjs models; the API itself never does (it has no tfjs backend).
import '@tensorflow/tfjs-backend-cpu';
import { describe, expect, it } from 'vitest';
import { buildModel, zooNetwork } from '@morphsweep/morphnet';
import { zooEntrySchema } from './zoo.dto';
import { ZooController } from './zoo.controller';

describe(ZooController.name, () => {
  it('lists every zoo network with FLOPs, model size and the trainable parameters a built model holds', () => {
    const entries = new ZooController().list();
    expect(entries.map((e) => e.name)).toContain('fmnist-cnn-gated');
    for (const entry of entries) {
      expect(zooEntrySchema.strict().parse(entry)).toEqual(entry);
      const model = buildModel(zooNetwork(entry.name), { seed: 0 });
      try {
        // What `morphsweep cost` prints as "trainable parameters".
        expect(entry.parameters).toBe(model.trainableVariables().reduce((sum, v) => sum + v.size, 0));
      } finally {
        model.dispose();
      }
      // Biases, batch-norm scale/offset and gate logits are parameters, not model size.
      expect(entry.parameters).toBeGreaterThan(entry.modelSize);
    }
  });
});
