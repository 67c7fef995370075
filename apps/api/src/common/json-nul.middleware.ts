import type { NextFunction, Request, Response } from 'express';
import { ValidationError } from './validation.error';

/**
 * Refuses a parsed JSON body with U+0000 in any string or key with a 400 naming where, before
 * any handler reads it: PostgreSQL's `text` and `jsonb` cannot hold it, so such a body passed
 * validation and then failed at the database (a 500). Runs after `jsonDepthLimit`, so the walk's
 * recursion is bounded.
 */
export function jsonNulRefused() {
  return (req: Request, _res: Response, next: NextFunction): void => {
    const path = nulPath(req.body, []);
    if (path === undefined) return next();
    next(new ValidationError([{ path: path.join('.'), message: 'must not contain U+0000' }]));
  };
}

function nulPath(value: unknown, path: Array<string | number>): Array<string | number> | undefined {
  if (typeof value === 'string') return value.includes('\0') ? path : undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = nulPath(value[i], [...path, i]);
      if (found) return found;
    }
    return undefined;
  }
  if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      if (key.includes('\0')) return [...path, key];
      const found = nulPath(item, [...path, key]);
      if (found) return found;
    }
  }
  return undefined;
}
