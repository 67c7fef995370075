import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Worker, type ReplayWorkerOptions } from '@temporalio/worker';
import { DeterminismViolationError } from '@temporalio/workflow';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { HISTORIES_DIR, loadHistories, type RecordedHistory } from './histories';
import { installTestRuntime } from './test-env';

// Replays the committed histories (see histories.ts; re-record with RECORD_HISTORIES=1)
// against the workflow code of this checkout: a change that would break a running sweep or
// retraining fails here. See docs/operations.md for what to do then.
describe('replay of recorded histories', () => {
  let options: ReplayWorkerOptions;
  let histories: RecordedHistory[];

  beforeAll(() => {
    installTestRuntime();
    options = { workflowBundle: { code: readFileSync(inject('workflowBundlePath'), 'utf8') } };
    histories = loadHistories();
  });

  it('has the histories the workflows are held to', () => {
    expect(histories.map((h) => h.name)).toEqual([
      'retrain-baseline-replica',
      'retrain-baseline',
      'sweep-candidates',
      'sweep-completed',
      'sweep-promote-retry',
      'sweep-promoted-seeds',
      'sweep-promoted',
      'sweep-refined',
      'sweep-resume-late.run1',
      'sweep-resume-late.run2',
      'sweep-resume-settling',
      'sweep-rotate-cancel',
      'sweep-rotate-resume.run1',
    ]);
  });

  it('replays every history without a determinism violation', async () => {
    const failures: string[] = [];
    for await (const result of Worker.runReplayHistories(options, histories)) {
      if (result.error) failures.push(`${result.workflowId}: ${result.error.message}`);
    }
    expect(failures).toEqual([]);
  });

  it("ignores a training activity's retry policy and timeouts (changing them needs no patch)", async () => {
    // As if recorded by code with the old five-attempt cap and no schedule-to-close bound.
    const json = JSON.parse(readFileSync(path.join(HISTORIES_DIR, 'sweep-completed.json'), 'utf8'));
    const training = json.events
      .map((e: Record<string, unknown>) => e['activityTaskScheduledEventAttributes'])
      .filter(
        (a: { activityType?: { name?: string } } | undefined) =>
          a?.activityType?.name === 'learnStructure',
      );
    expect(training.length).toBeGreaterThan(0);
    for (const attributes of training) {
      attributes.retryPolicy = {
        ...attributes.retryPolicy,
        maximumAttempts: 5,
        initialInterval: '2s',
      };
      attributes.scheduleToCloseTimeout = '0s';
      attributes.startToCloseTimeout = '3600s';
    }
    await expect(
      Worker.runReplayHistory(options, json, 'sweep-completed'),
    ).resolves.toBeUndefined();
  });

  it('fails a history whose commands the code no longer issues (the check is not vacuous)', async () => {
    // As if the code now called another activity first: the JSON form, edited.
    const json = JSON.parse(readFileSync(path.join(HISTORIES_DIR, 'sweep-completed.json'), 'utf8'));
    const scheduled = json.events.find(
      (e: Record<string, unknown>) => e['activityTaskScheduledEventAttributes'],
    );
    scheduled.activityTaskScheduledEventAttributes.activityType = { name: 'someOtherActivity' };
    await expect(Worker.runReplayHistory(options, json, 'sweep-completed')).rejects.toBeInstanceOf(
      DeterminismViolationError,
    );
  });
});
