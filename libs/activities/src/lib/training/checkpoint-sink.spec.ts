import { describe, expect, it } from 'vitest';
import { checkpointKey, checkpointStepOf } from './checkpoint-sink';

describe(checkpointStepOf.name, () => {
  it("reads back the step of checkpointKey's keys, under any store URL", () => {
    expect(checkpointStepOf(`file:///data/${checkpointKey({ runId: 'r1' }, 40)}`)).toBe(40);
    expect(checkpointStepOf(`s3://b/${checkpointKey({ retrainingId: 't1' }, 0)}`)).toBe(0);
    expect(checkpointStepOf(checkpointKey({ runId: 'r1' }, 1_234_567_890))).toBe(1_234_567_890);
  });

  it('is undefined for other URIs', () => {
    expect(checkpointStepOf('file:///data/runs/r1/metrics.jsonl')).toBeUndefined();
    expect(checkpointStepOf('mem://10')).toBeUndefined();
  });
});
