import type { OpenAPIObject } from '@nestjs/swagger';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { requestIdOf } from './request-context.middleware';

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

interface Route {
  readonly pattern: RegExp;
  /** The methods the path answers, in `Allow`'s form (`GET, HEAD`). */
  readonly allow: readonly string[];
}

/**
 * Answers a request to a documented path with a method the path does not have with 405, an
 * `Allow` header listing the ones it has, and the API's error body. Without it the router
 * answers such a request 404, as if the path did not exist. The routes are read from the
 * OpenAPI document, so they are exactly the operations the API documents; paths it does not
 * document are left to the router.
 */
export function methodNotAllowed(document: OpenAPIObject): RequestHandler {
  const routes = Object.entries(document.paths).map(([path, item]): Route => {
    const methods = METHODS.filter((m) => m in item).map((m) => m.toUpperCase());
    // Express answers HEAD wherever GET is routed.
    if (methods.includes('GET') && !methods.includes('HEAD')) methods.push('HEAD');
    return { pattern: pathPattern(path), allow: methods };
  });
  return (req: Request, res: Response, next: NextFunction) => {
    // A literal path and a parameter path can both match (`/runs/x` and `/runs/{id}`).
    const allow = [
      ...new Set(routes.filter((r) => r.pattern.test(req.path)).flatMap((r) => r.allow)),
    ];
    if (allow.length === 0 || allow.includes(req.method)) return next();
    // A CORS preflight never gets here: the cors middleware, registered earlier, answers it.
    res
      .status(405)
      .setHeader('Allow', allow.join(', '))
      .json({
        statusCode: 405,
        code: 'METHOD_NOT_ALLOWED',
        message: `${req.method} is not allowed on ${req.path}; allowed: ${allow.join(', ')}`,
        requestId: requestIdOf(req),
      });
  };
}

/** `/api/sweeps/{id}/runs` → a regular expression matching one path segment per parameter. */
function pathPattern(path: string): RegExp {
  const source = path
    .split(/\{[^}]+\}/)
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('[^/]+');
  return new RegExp(`^${source}/?$`);
}
