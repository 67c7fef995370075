import { applyDecorators } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiParam, ApiResponse } from '@nestjs/swagger';
import { z } from 'zod';
import { ApiQueryFrom, openApiSchema } from './openapi-schema';

/** A success response: the zod schema of its JSON body, or a body that is not the handler's JSON. */
export type ApiSuccess =
  | z.ZodType
  | { readonly description: string; readonly schema?: z.ZodType; readonly contentType?: string };

/** What one operation takes and answers, each part the zod schema the handler parses or returns. */
export interface ApiContractSpec {
  /** Path parameters (e.g. `idParamsSchema`), as the handler's pipes check them. */
  readonly params?: z.ZodObject;
  /** The query string, as the handler parses it. */
  readonly query?: z.ZodObject;
  /** Request headers the handler reads, named as its `@Headers('…')` reads them (lower case). */
  readonly headers?: z.ZodObject;
  /** The JSON body, as the handler parses it. */
  readonly body?: z.ZodType;
  /** Every success status with its body. */
  readonly responses: Readonly<Record<number, ApiSuccess>>;
  /**
   * The error statuses this operation answers beyond the ones every operation has (400 for
   * bad input, 401 for a missing token, 413, 500, 503: see `documentErrors`), each with why.
   * Their body is the API's error schema.
   */
  readonly errors?: Readonly<Record<number, string>>;
}

/**
 * Documents one operation in OpenAPI from the zod schemas its handler validates and returns
 * with, so the document cannot drift from what the API does. One per handler.
 */
export function ApiContract(spec: ApiContractSpec): MethodDecorator {
  const decorators: Array<MethodDecorator | ClassDecorator> = [];
  for (const [name, field] of Object.entries(spec.params?.shape ?? {})) {
    decorators.push(ApiParam({ name, required: true, schema: input(field) }));
  }
  if (spec.query) decorators.push(ApiQueryFrom(spec.query));
  for (const [name, field] of Object.entries(spec.headers?.shape ?? {})) {
    decorators.push(
      ApiHeader({
        name,
        required: !field.safeParse(undefined).success,
        schema: input(field),
        ...(field.description ? { description: field.description } : {}),
      }),
    );
  }
  if (spec.body) decorators.push(ApiBody({ required: true, schema: input(spec.body) }));
  for (const [status, success] of Object.entries(spec.responses)) {
    decorators.push(successResponse(Number(status), success));
  }
  for (const [status, description] of Object.entries(spec.errors ?? {})) {
    decorators.push(ApiResponse({ status: Number(status), description }));
  }
  return applyDecorators(...decorators);
}

function successResponse(status: number, success: ApiSuccess): MethodDecorator {
  if (success instanceof z.ZodType) {
    return ApiResponse({
      status,
      description: success.description ?? 'OK',
      schema: openApiSchema(success),
    });
  }
  const schema = success.schema ? openApiSchema(success.schema) : {};
  return ApiResponse({
    status,
    description: success.description,
    content: { [success.contentType ?? 'application/json']: { schema } },
  });
}

function input(schema: z.ZodType) {
  return openApiSchema(schema, 'input');
}
