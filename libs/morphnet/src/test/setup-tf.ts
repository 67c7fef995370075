// Every spec runs on the pure-JS cpu backend: deterministic and needs no native build.
import '@tensorflow/tfjs-backend-cpu';
// Registers every tfjs-core gradient, as importing the library's index does.
import '@tensorflow/tfjs-layers';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll } from 'vitest';

beforeAll(async () => {
  await tf.setBackend('cpu');
});
