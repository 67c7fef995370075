import { Global, Module, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { MetricsController } from './metrics.controller';
import { MetricsService } from './metrics.service';

@Global()
@Module({
  controllers: [MetricsController],
  providers: [MetricsService],
  exports: [MetricsService],
})
export class MetricsModule implements NestModule {
  constructor(private readonly metrics: MetricsService) {}

  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply((req: Request, res: Response, next: NextFunction) => {
        const started = performance.now();
        res.on('finish', () => {
          const route = (req.route as { path?: string } | undefined)?.path ?? 'unmatched';
          this.metrics.observe(
            req.method,
            route,
            res.statusCode,
            (performance.now() - started) / 1000,
          );
        });
        next();
      })
      .forRoutes('*');
  }
}
