import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { z } from 'zod';
import { ValidationError } from './validation.error';

const uuid = z.uuid();

/** The path parameters of a `/:id` route, as {@link UuidPipe} checks them (for `@ApiContract`). */
export const idParamsSchema = z.object({ id: uuid });

/**
 * Checks that a path parameter is a UUID; otherwise a 400 whose `issues` name the parameter
 * (`{path: 'id', message: 'must be a UUID'}`), like every other invalid input.
 */
@Injectable()
export class UuidPipe implements PipeTransform<string, string> {
  transform(value: string, metadata: ArgumentMetadata): string {
    if (!uuid.safeParse(value).success) {
      throw new ValidationError([
        { path: metadata.data ?? metadata.type, message: `must be a UUID, got "${value}"` },
      ]);
    }
    return value;
  }
}
