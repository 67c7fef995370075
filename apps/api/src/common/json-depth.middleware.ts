import type { NextFunction, Request, Response } from 'express';
import { jsonDepth } from '@morphsweep/sweeps';
import { ValidationError } from './validation.error';

/**
 * Refuses a parsed JSON body that nests deeper than `maxDepth` (API_MAX_JSON_DEPTH) with a 400
 * naming the limit and the depth, before any handler reads it: zod, `isDeepStrictEqual` and
 * the database's JSON serialisation all recurse, and a body nested a few thousand deep would
 * overflow their stack (a 500). `JSON.parse` itself does not recurse, so the body parser is safe.
 */
export function jsonDepthLimit(maxDepth: number) {
  return (req: Request, _res: Response, next: NextFunction): void => {
    const depth = jsonDepth(req.body);
    if (depth <= maxDepth) return next();
    const message = `the JSON body nests ${depth} levels deep; the limit is ${maxDepth} (API_MAX_JSON_DEPTH)`;
    next(new ValidationError([{ path: '', message }]));
  };
}
