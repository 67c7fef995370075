import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defineConfig, mergeConfig } from 'vitest/config';
import { sharedConfig } from '../../vitest.shared.mts';

// The suite runs once per backend it trains on (projects `wasm` and `node`).
// - `wasm`: every spec except the native-only ones.
// - `node`: the native backend's own specs (loader, op and network parity with `cpu`), and the
//   backend-generic specs listed in NODE_SUITE, run with MORPHSWEEP_TEST_BACKEND=node: they pick
//   their backend with `testBackend()` of src/test/backends.ts. It needs `npm run provision` to
//   have built the tfjs-node binding; without one its specs are skipped, except under
//   MORPHSWEEP_REQUIRE_NATIVE=1 (CI), where they fail.
const NATIVE_ONLY = ['src/**/native-*.spec.ts'];
const NODE_SUITE: string[] = [
  'src/lib/data/synthetic-learnable.spec.ts',
  'src/lib/loop/training.loop.spec.ts',
  'src/lib/structure-learning/learn-structure.spec.ts',
  'src/lib/retraining/retrain.spec.ts',
  'src/lib/retraining/retrain.checkpoint.spec.ts',
  'src/lib/retraining/recalibrate-batch-norm.spec.ts',
];

// Without a provisioned binding (no Python or compiler here) the backend-generic specs cannot
// train on node: the project then runs only the native specs, which say why they skip. CI
// requires the binding (MORPHSWEEP_REQUIRE_NATIVE=1), so there every spec runs.
const cache =
  process.env['MORPHSWEEP_CACHE_DIR'] ?? path.join(os.homedir(), '.cache', 'morphsweep');
const NODE_AVAILABLE =
  process.env['MORPHSWEEP_REQUIRE_NATIVE'] === '1' ||
  existsSync(path.join(cache, 'tfjs-node', 'node.json'));

export default mergeConfig(
  sharedConfig(),
  defineConfig({
    test: {
      testTimeout: 90_000,
      projects: [
        {
          extends: true,
          test: { name: 'wasm', include: ['src/**/*.spec.ts'], exclude: NATIVE_ONLY },
        },
        {
          extends: true,
          test: {
            name: 'node',
            include: [...NATIVE_ONLY, ...(NODE_AVAILABLE ? NODE_SUITE : [])],
            env: { MORPHSWEEP_TEST_BACKEND: 'node' },
          },
        },
      ],
    },
  }),
);
