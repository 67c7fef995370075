import { createHash, timingSafeEqual } from 'node:crypto';
import {
  Inject,
  Injectable,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import type { Request } from 'express';
import { API_CONFIG, type ApiConfig } from '../config/api.config';

/** Methods that never need the token: reads. Everything else is a mutating request. */
export const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * With `API_TOKEN` set, every mutating request must carry `Authorization: Bearer <token>`.
 * Reads stay open. Tokens are compared as SHA-256 digests with a constant-time comparison,
 * so neither the content nor the length of the token leaks through timing.
 */
@Injectable()
export class ApiTokenGuard implements CanActivate {
  private readonly expected?: Buffer;

  constructor(@Inject(API_CONFIG) config: ApiConfig) {
    if (config.API_TOKEN) this.expected = digest(config.API_TOKEN);
  }

  canActivate(context: ExecutionContext): boolean {
    if (!this.expected) return true;
    const req = context.switchToHttp().getRequest<Request>();
    if (SAFE_METHODS.has(req.method)) return true;
    const match = /^Bearer (.+)$/.exec(req.header('authorization') ?? '');
    if (!match || !timingSafeEqual(digest(match[1]!), this.expected)) {
      throw new UnauthorizedException('this action needs Authorization: Bearer <API_TOKEN>');
    }
    return true;
  }
}

function digest(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}
