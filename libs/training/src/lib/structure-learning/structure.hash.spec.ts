import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson, structureHash } from './structure.hash';

describe(structureHash.name, () => {
  it('is the sha256 of the sorted-key JSON, whatever the key order', () => {
    const expected = createHash('sha256').update('{"a/Conv2D":3,"b/Conv2D":0}').digest('hex');
    expect(structureHash({ 'b/Conv2D': 0, 'a/Conv2D': 3 })).toBe(expected);
    expect(structureHash({ 'a/Conv2D': 3, 'b/Conv2D': 0 })).toBe(expected);
    expect(structureHash({ 'a/Conv2D': 3, 'b/Conv2D': 1 })).not.toBe(expected);
  });

  it('sorts nested objects and keeps array order', () => {
    expect(canonicalJson({ z: [2, 1], a: { y: 1, b: null } })).toBe(
      '{"a":{"b":null,"y":1},"z":[2,1]}',
    );
  });
});
