import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Worker } from '@temporalio/worker';
import { expect, inject, it } from 'vitest';

// A finished 3x2 sweep with auto-retraining, recorded by sweep.e2e.spec.ts (RECORD_HISTORY=1).
// Replaying it against the current workflow code catches non-deterministic changes.
it('replays a recorded sweep history without non-determinism errors', async () => {
  const history = JSON.parse(
    readFileSync(path.join(__dirname, 'histories', 'sweep.v1.json'), 'utf8'),
  );
  await expect(
    Worker.runReplayHistory(
      { workflowBundle: { code: readFileSync(inject('workflowBundlePath'), 'utf8') } },
      history,
    ),
  ).resolves.toBeUndefined();
});
