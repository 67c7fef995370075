import { applyDecorators } from '@nestjs/common';
import { ApiQuery, type ApiResponseSchemaHost } from '@nestjs/swagger';
import { z } from 'zod';

/** An OpenAPI schema object, as `@nestjs/swagger` decorators take it. */
export type SchemaObject = ApiResponseSchemaHost['schema'];

/** The OpenAPI 3.0 schema of a zod schema, as a request (`input`) or a response (`output`). */
export function openApiSchema(schema: z.ZodType, io: 'input' | 'output' = 'output'): SchemaObject {
  return z.toJSONSchema(schema, {
    target: 'openapi-3.0',
    io,
    unrepresentable: 'any',
  }) as SchemaObject;
}

/**
 * Documents every field of a zod query schema as an OpenAPI query parameter (type, enum,
 * bounds, default, required when `undefined` does not parse), so the document follows the
 * schema the handler actually parses with.
 */
export function ApiQueryFrom(schema: z.ZodObject): MethodDecorator {
  return applyDecorators(
    ...Object.entries(schema.shape).map(([name, field]) =>
      ApiQuery({
        name,
        required: !(field as z.ZodType).safeParse(undefined).success,
        schema: openApiSchema(field as z.ZodType, 'input'),
        ...((field as z.ZodType).description
          ? { description: (field as z.ZodType).description }
          : {}),
      }),
    ),
  );
}
