import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One fixture written by fixtures/keras/make-fixtures.py (real TensorFlow / Keras 3). */
export interface KerasFixture {
  /** Keras version that wrote it. */
  readonly keras: string;
  /** Σ element counts of `model.trainable_weights`. */
  readonly trainable: number;
  /** `model.count_params()` (adds batch-norm moving statistics). */
  readonly total: number;
  /** `json.loads(model.to_json())`. */
  readonly model: unknown;
}

/** Names of the fixtures make-fixtures.py writes. */
export type KerasFixtureName =
  | 'sequential-cnn'
  | 'sequential-layers'
  | 'resnet20'
  | 'concat-net'
  | 'unsupported-net'
  | 'mobilenetv2-32'
  | 'mobilenetv2-224'
  | 'vgg16-notop-32';

// Read rather than imported: typing 250 kB of JSON would slow every typecheck.
const cache = new Map<string, KerasFixture>();

/** The fixture `name`, parsed once per test file. */
export function kerasFixture(name: KerasFixtureName): KerasFixture {
  let fixture = cache.get(name);
  if (!fixture) {
    const path = join(__dirname, 'fixtures', 'keras', `${name}.json`);
    cache.set(name, (fixture = JSON.parse(readFileSync(path, 'utf8')) as KerasFixture));
  }
  return fixture;
}
