import { describe, expect, it } from 'vitest';
import { decodeEventId, encodeEventId, positionAt } from './event-id';

describe('event ids', () => {
  it('round-trips both topics’ positions', () => {
    const positions = {
      run: { updatedAt: new Date(1_764_579_600_123), id: '0b9f5b0e-4c1a-4d7e-9a55-2f4b1c3d5e6f' },
      retraining: positionAt(new Date(1_764_579_600_000)),
    };
    expect(decodeEventId(encodeEventId(positions))).toEqual(positions);
  });

  it('ignores a Last-Event-ID it did not make, so the stream starts afresh', () => {
    for (const value of [undefined, '', '42', 'a.b', '1~x.2~y', `1~${'0'.repeat(36)}.2~z`]) {
      expect(decodeEventId(value)).toBeUndefined();
    }
  });
});
