import { ApplicationFailure } from '@temporalio/activity';
import { describe, expect, it } from 'vitest';
import { DbError } from '@morphsweep/db';
import { permanentIfNotFound } from './permanent-if-not-found';

describe(permanentIfNotFound.name, () => {
  it('fails for good on a row that does not exist', () => {
    const thrown = (() => {
      try {
        permanentIfNotFound(new DbError('NOT_FOUND', 'run 1 not found'));
      } catch (e) {
        return e;
      }
    })();
    expect(thrown).toBeInstanceOf(ApplicationFailure);
    expect(thrown).toMatchObject({
      type: 'NOT_FOUND',
      nonRetryable: true,
      message: 'run 1 not found',
    });
  });

  it('rethrows an unreachable database as it is, for Temporal to retry', () => {
    // What Prisma throws while the server is down (code P1001).
    const outage = Object.assign(new Error("Can't reach database server at 127.0.0.1:5432"), {
      name: 'PrismaClientKnownRequestError',
      code: 'P1001',
    });
    expect(() => permanentIfNotFound(outage)).toThrow(outage);
  });
});
