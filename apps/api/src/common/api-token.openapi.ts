import type { OpenAPIObject } from '@nestjs/swagger';
import { SAFE_METHODS } from './api-token.guard';

/** The name of the bearer security scheme (`addBearerAuth()`'s default). */
export const BEARER_SCHEME = 'bearer';

/**
 * Writes {@link ApiTokenGuard}'s policy into the OpenAPI document: every operation whose
 * method is not a read gets the bearer requirement and a 401 response. The guard decides by
 * method, so the document does too, and no endpoint depends on a decorator being remembered.
 * Applied only when API_TOKEN is set: without it the guard asks for nothing, and a document
 * claiming a token would be wrong (schemathesis: "missing required header accepted").
 */
export function documentTokenPolicy(document: OpenAPIObject): OpenAPIObject {
  for (const item of Object.values(document.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      if (
        SAFE_METHODS.has(method.toUpperCase()) ||
        typeof operation !== 'object' ||
        operation === null ||
        !('responses' in operation)
      )
        continue;
      operation.security = [{ [BEARER_SCHEME]: [] }];
      operation.responses['401'] ??= {
        description: 'API_TOKEN is set and the bearer token is missing or wrong; nothing is done',
      };
    }
  }
  return document;
}
