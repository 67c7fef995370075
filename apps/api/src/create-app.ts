import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
import type { ApiConfig } from './config/api.config';

/** Builds the API application (routes under `/api`), ready to `listen`. */
export async function createApp(config: ApiConfig, options: { logger?: boolean } = {}): Promise<INestApplication> {
  const app = await NestFactory.create(AppModule.forConfig(config), {
    logger: options.logger === false ? false : ['error', 'warn', 'log'],
  });
  app.setGlobalPrefix('api');
  app.enableShutdownHooks();
  return app;
}
