import { ArgumentsHost, Catch, HttpException, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ZodError } from 'zod';
import { DbError, type DbErrorCode } from '@morphsweep/db';
import { MorphnetError, type MorphnetErrorCode } from '@morphsweep/morphnet';
import { StorageError, type StorageErrorCode } from '@morphsweep/storage';
import type { JsonLogger } from './json-logger';
import { requestIdOf } from './request-context.middleware';
import { ValidationError } from './validation.error';

// One table from each library's error codes to HTTP statuses.
const DB_STATUS: Record<DbErrorCode, number> = {
  NOT_FOUND: 404,
  INVALID_INPUT: 400,
  MIGRATION_FAILED: 503,
  MIGRATION_MODIFIED: 503,
};
const STORAGE_STATUS: Record<StorageErrorCode, number> = {
  NOT_FOUND: 404,
  INVALID_KEY: 400,
  INVALID_URL: 500,
  CHECKSUM_MISMATCH: 500,
  UNAVAILABLE: 503,
};

// morphnet's codes that describe the request (a network, a hardware name, an argument) are
// the client's to fix; the others are invariants of morphnet's own.
const MORPHNET_STATUS: Record<MorphnetErrorCode, number> = {
  INVALID_NETWORK: 400,
  INVALID_ARGUMENT: 400,
  UNKNOWN_HARDWARE: 400,
  GROUPING_FAILED: 400,
  PATTERN_UNUSED: 400,
  UNSUPPORTED_MODEL: 400,
  // A stored network that cannot be written as a TF.js model: a state, not a bad request.
  UNSUPPORTED_EXPORT: 409,
  ITERATION_LIMIT: 500,
  NOT_READY: 500,
};

/** The body of every error response. */
export interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  requestId: string;
  /** For validation errors: each offending field and why. */
  issues?: Array<{ path: string; message: string }>;
}

/**
 * Turns anything thrown into a JSON error: HTTP exceptions keep their status, library errors
 * map through the tables above, zod errors become 400 with the field paths, and anything else
 * is logged and answered with a generic 500 carrying the request id.
 */
@Catch()
export class DomainExceptionFilter implements ExceptionFilter {
  constructor(private readonly logger: JsonLogger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<Request>();
    const res = host.switchToHttp().getResponse<Response>();
    const body = this.toBody(exception, requestIdOf(req));
    if (body.statusCode >= 500) {
      this.logger.event('error', 'request failed', {
        requestId: body.requestId,
        error:
          exception instanceof Error ? (exception.stack ?? exception.message) : String(exception),
      });
    }
    res.status(body.statusCode).json(body);
  }

  private toBody(exception: unknown, requestId: string): ErrorBody {
    if (exception instanceof ZodError) {
      return {
        statusCode: 400,
        code: 'INVALID_INPUT',
        message: 'the request is invalid',
        requestId,
        issues: exception.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
      };
    }
    if (exception instanceof ValidationError) {
      return {
        statusCode: 400,
        code: 'INVALID_INPUT',
        message: exception.message,
        requestId,
        issues: exception.issues,
      };
    }
    if (exception instanceof DbError) {
      return {
        statusCode: DB_STATUS[exception.code],
        code: exception.code,
        message: exception.message,
        requestId,
      };
    }
    if (exception instanceof StorageError) {
      return {
        statusCode: STORAGE_STATUS[exception.code],
        code: exception.code,
        message: exception.message,
        requestId,
      };
    }
    if (exception instanceof MorphnetError) {
      const status = MORPHNET_STATUS[exception.code];
      return {
        statusCode: status,
        code: status === 400 ? 'INVALID_INPUT' : 'INTERNAL',
        message: exception.message,
        requestId,
        ...rootIssue(status, exception.message),
      };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse();
      const message =
        typeof response === 'string'
          ? response
          : String((response as { message?: unknown }).message ?? exception.message);
      return {
        statusCode: status,
        code: httpCode(status),
        message,
        requestId,
        ...rootIssue(status, message),
      };
    }
    const status = clientErrorStatus(exception);
    if (status !== undefined) {
      const message = (exception as Error).message;
      return {
        statusCode: status,
        code: httpCode(status),
        message,
        requestId,
        ...rootIssue(status, message),
      };
    }
    return {
      statusCode: 500,
      code: 'INTERNAL',
      message: 'internal error; see the server log',
      requestId,
    };
  }
}

// Express middleware (the body parser) raises http-errors with a 4xx `status` and `expose`.
function clientErrorStatus(exception: unknown): number | undefined {
  const e = exception as { status?: unknown; expose?: unknown };
  return typeof e?.status === 'number' && e.status >= 400 && e.status < 500 && e.expose === true
    ? e.status
    : undefined;
}

// A 400 that names no field (an unparseable JSON body) is about the request as a whole: its
// issue has the root path, so every 400 carries `issues`.
function rootIssue(status: number, message: string): Pick<ErrorBody, 'issues'> {
  return status === 400 ? { issues: [{ path: '', message }] } : {};
}

function httpCode(status: number): string {
  const codes: Record<number, string> = {
    400: 'INVALID_INPUT',
    401: 'UNAUTHORIZED',
    403: 'FORBIDDEN',
    404: 'NOT_FOUND',
    409: 'CONFLICT',
    413: 'PAYLOAD_TOO_LARGE',
    503: 'UNAVAILABLE',
  };
  return codes[status] ?? (status >= 500 ? 'INTERNAL' : 'HTTP_ERROR');
}
