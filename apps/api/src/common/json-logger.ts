import type { LoggerService } from '@nestjs/common';

type Level = 'error' | 'warn' | 'info' | 'debug';

/**
 * Writes one JSON object per line to stdout: `{time, level, context?, msg, ...fields}`, so
 * logs can be shipped and queried without parsing prose. Nest's own messages go through it too.
 */
export class JsonLogger implements LoggerService {
  constructor(private readonly enabled = true) {}

  /** A structured event with extra fields (request logs, errors with request ids). */
  event(level: Level, msg: string, fields: Record<string, unknown> = {}): void {
    if (!this.enabled) return;
    process.stdout.write(
      `${JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields })}\n`,
    );
  }

  log(message: unknown, context?: string): void {
    this.event('info', String(message), context ? { context } : {});
  }
  error(message: unknown, stack?: string, context?: string): void {
    this.event('error', String(message), {
      ...(stack ? { stack } : {}),
      ...(context ? { context } : {}),
    });
  }
  warn(message: unknown, context?: string): void {
    this.event('warn', String(message), context ? { context } : {});
  }
  debug(message: unknown, context?: string): void {
    this.event('debug', String(message), context ? { context } : {});
  }
  verbose(message: unknown, context?: string): void {
    this.debug(message, context);
  }
}
