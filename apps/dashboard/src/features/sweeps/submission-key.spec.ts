import { describe, expect, it } from 'vitest';
import { SubmissionKeys } from './submission-key';

// Issue 13 item 5: the dashboard made a new key per click, so retrying a submit that got a 503
// (the sweep already written) duplicated the sweep.
describe('SubmissionKeys', () => {
  const spec = { name: 'a', grid: { strengths: [1e-8], thresholds: [0.01] } };

  it('gives a retry of the same submission the same key', () => {
    const keys = new SubmissionKeys();
    const first = keys.keyFor(spec);
    expect(first).toMatch(/^[0-9a-f-]{36}$/);
    expect(keys.keyFor(structuredClone(spec))).toBe(first);
  });

  it('gives a changed form a new key, and a change back yet another', () => {
    let n = 0;
    const keys = new SubmissionKeys(() => `key-${++n}`);
    expect(keys.keyFor(spec)).toBe('key-1');
    expect(keys.keyFor({ ...spec, name: 'b' })).toBe('key-2');
    expect(keys.keyFor(spec)).toBe('key-3');
  });

  it('keeps keys apart across forms', () => {
    expect(new SubmissionKeys().keyFor(spec)).not.toBe(new SubmissionKeys().keyFor(spec));
  });
});
