// Every spec runs on the pure-JS cpu backend: deterministic and needs no native build.
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll } from 'vitest';

beforeAll(async () => {
  await tf.setBackend('cpu');
});
