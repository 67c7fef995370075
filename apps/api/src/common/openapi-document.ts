import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { apiErrorSchema } from '@morphsweep/contracts';
import { documentTokenPolicy } from './api-token.openapi';
import { openApiSchema } from './openapi-schema';

/** The component every error response refers to: `apiErrorSchema`. */
export const API_ERROR_REF = '#/components/schemas/ApiError';

/**
 * The API's OpenAPI document: the routes and the zod contracts of their controllers
 * (`@ApiContract`), every error response with the error body, and, when `API_TOKEN` is set,
 * the bearer requirement of every mutating operation.
 */
export function createOpenApiDocument(
  app: INestApplication,
  options: { tokenRequired: boolean },
): OpenAPIObject {
  const builder = new DocumentBuilder()
    .setTitle('MorphSweep API')
    .setDescription(
      'Sweeps of MorphNet structure learning: submit, inspect the Pareto frontier, retrain.',
    )
    .setVersion('1');
  if (options.tokenRequired) {
    builder.addBearerAuth({
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'opaque',
      description: 'API_TOKEN, for mutating requests',
    });
  }
  let document = SwaggerModule.createDocument(app, builder.build());
  if (options.tokenRequired) document = documentTokenPolicy(document);
  return documentErrors(document);
}

/** Answers any operation can give, each only where it applies. */
const COMMON_ERRORS = {
  400: 'Invalid input: `issues` names each offending field (path, query, header or body) and why; nothing is done',
  413: 'The body is over API_BODY_LIMIT',
  500: 'An internal error; the body carries the request id to find it in the server log',
  503: 'A dependency (Postgres, Temporal or the artifact store) is unavailable; retry later',
} as const;

/**
 * Declares the errors every operation can answer (400 where it takes input, 413 where it
 * takes a body, 500 and 503 everywhere) and gives every 4xx/5xx response without a body of
 * its own the API's error body (`apiErrorSchema`, the `ApiError` component).
 */
export function documentErrors(document: OpenAPIObject): OpenAPIObject {
  document.components ??= {};
  document.components.schemas = {
    ...document.components.schemas,
    ApiError: openApiSchema(apiErrorSchema) as NonNullable<
      NonNullable<OpenAPIObject['components']>['schemas']
    >[string],
  };
  for (const item of Object.values(document.paths)) {
    for (const operation of Object.values(item)) {
      if (typeof operation !== 'object' || operation === null || !('responses' in operation))
        continue;
      const responses = operation.responses;
      const takesInput = (operation.parameters?.length ?? 0) > 0 || operation.requestBody;
      if (takesInput) responses['400'] ??= { description: COMMON_ERRORS[400] };
      if (operation.requestBody) responses['413'] ??= { description: COMMON_ERRORS[413] };
      responses['500'] ??= { description: COMMON_ERRORS[500] };
      responses['503'] ??= { description: COMMON_ERRORS[503] };
      for (const [status, response] of Object.entries(responses) as Array<
        [string, { content?: unknown }]
      >) {
        if (Number(status) >= 400 && !('$ref' in response) && !response.content) {
          response.content = { 'application/json': { schema: { $ref: API_ERROR_REF } } };
        }
      }
    }
  }
  return document;
}
