import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import { MorphnetError, buildModel, importKerasModel } from '../../index';

const DIR = join(__dirname, '../../test/fixtures/tfjs');
const modelJson = (
  JSON.parse(readFileSync(join(DIR, 'tfjs-functional.json'), 'utf8')) as { model: unknown }
).model as {
  modelTopology: object;
  weightsManifest: Array<{ weights: tf.io.WeightsManifestEntry[] }>;
};
const weights = new Uint8Array(readFileSync(join(DIR, 'tfjs-functional.weights.bin')));

describe('importing a TF.js weights manifest', () => {
  it('gives the imported network the predictions of the TF.js model it came from', async () => {
    const reference = await tfl.loadLayersModel(
      tf.io.fromMemory({
        modelTopology: modelJson.modelTopology,
        weightSpecs: modelJson.weightsManifest[0]!.weights,
        weightData: weights.slice().buffer,
      }),
    );
    const { network } = importKerasModel(modelJson, { weights });
    expect(network.layers.find((l) => l.name === 'stem_bn')).toMatchObject({
      movingVariance: expect.any(Array),
    });
    const model = buildModel(network);
    const x = tf.randomUniform([3, 32, 32, 3], 0, 255, 'float32', 5);
    // The TF.js model rescales its input (x / 127.5 − 1); the import dropped that layer.
    const want = reference.predict(x) as tf.Tensor;
    const got = model.apply(tf.sub(tf.div(x, 127.5), 1), { training: false })[0]!;
    const [a, b] = [Array.from(want.dataSync()), Array.from(got.dataSync())];
    expect(b).toHaveLength(30);
    b.forEach((v, i) => expect(v).toBeCloseTo(a[i]!, 4));
    tf.dispose([x, want, got]);
    reference.dispose();
    model.dispose();
  });

  it('says when the shards do not match the manifest', () => {
    const error = (() => {
      try {
        importKerasModel(modelJson, { weights: weights.slice(0, 1000) });
      } catch (e) {
        return e as MorphnetError;
      }
      throw new Error('did not throw');
    })();
    expect(error.code).toBe('UNSUPPORTED_MODEL');
    expect(error.issues[0]).toMatchObject({ layer: 'stem', field: 'weights.stem/kernel' });
    expect(error.issues[0]!.reason).toMatch(/the shards end before this weight/);
  });
});
