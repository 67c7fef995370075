import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { JsonLogger } from './json-logger';

/** Header carrying the request id, accepted from the client or assigned here. */
export const REQUEST_ID_HEADER = 'x-request-id';

/** The request id of a request (set by {@link requestContext}). */
export function requestIdOf(req: Request): string {
  return (req as Request & { id?: string }).id ?? 'unknown';
}

/**
 * Gives every request an id (echoed in `X-Request-Id`, included in error bodies) and logs
 * one JSON line when it finishes: method, path, status, duration.
 */
export function requestContext(logger: JsonLogger) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const incoming = req.header(REQUEST_ID_HEADER);
    const id = incoming && /^[\w.-]{1,128}$/.test(incoming) ? incoming : randomUUID();
    (req as Request & { id?: string }).id = id;
    res.setHeader(REQUEST_ID_HEADER, id);
    const started = performance.now();
    res.on('finish', () => {
      logger.event('info', 'request', {
        requestId: id,
        method: req.method,
        path: req.originalUrl,
        status: res.statusCode,
        durationMs: Math.round((performance.now() - started) * 10) / 10,
      });
    });
    next();
  };
}
