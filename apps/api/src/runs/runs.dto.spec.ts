import { describe, expect, it } from 'vitest';
import { metricsQuerySchema } from './runs.dto';

describe('metricsQuerySchema', () => {
  it('bounds afterStep by the largest step the database holds (a larger one was a 500)', () => {
    expect(metricsQuerySchema.parse({ afterStep: String(2 ** 31 - 1) }).afterStep).toBe(
      2 ** 31 - 1,
    );
    const over = metricsQuerySchema.safeParse({ afterStep: '3080800369' });
    expect(over.error?.issues[0]?.path).toEqual(['afterStep']);
  });
});
