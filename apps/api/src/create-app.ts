import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import { AppModule } from './app.module';
import { DEFAULT_DASHBOARD_DIR, serveDashboard } from './common/dashboard.static';
import { documentTokenPolicy } from './common/api-token.openapi';
import { DomainExceptionFilter } from './common/domain-exception.filter';
import { jsonDepthLimit } from './common/json-depth.middleware';
import { loopbackHostOnly } from './common/loopback-host.middleware';
import { JsonLogger } from './common/json-logger';
import { requestContext } from './common/request-context.middleware';
import type { ApiConfig } from './config/api.config';

/**
 * Builds the API application, ready to `listen`: routes under `/api` (metrics at `/metrics`),
 * OpenAPI at `/api/docs` and `/api/openapi.json`, security headers (a content security policy
 * too), loopback `Host` names only without `API_TOKEN`, body size and depth limits, CORS
 * only for `API_CORS_ORIGINS`, request ids and JSON logs, one error filter, and the built
 * dashboard at `/`.
 */
export async function createApp(
  config: ApiConfig,
  options: { logger?: boolean } = {},
): Promise<INestApplication> {
  const logger = new JsonLogger(options.logger !== false);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forConfig(config), {
    logger,
    bodyParser: false,
  });
  app.use(requestContext(logger));
  // helmet's default policy (same-origin scripts, styles inline or same-origin, no objects,
  // no framing by others) fits the built dashboard and the Swagger UI; the API is plain HTTP
  // on a local machine, so nothing is upgraded to https.
  app.use(helmet({ contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } } }));
  if (config.API_TOKEN === undefined) app.use(loopbackHostOnly());
  app.useBodyParser('json', { limit: config.API_BODY_LIMIT });
  app.use(jsonDepthLimit(config.API_MAX_JSON_DEPTH));
  if (config.API_CORS_ORIGINS)
    app.enableCors({ origin: config.API_CORS_ORIGINS.split(',').map((o) => o.trim()) });
  app.setGlobalPrefix('api', { exclude: ['metrics'] });
  serveDashboard(app, config.DASHBOARD_DIR ?? DEFAULT_DASHBOARD_DIR);
  app.useGlobalFilters(new DomainExceptionFilter(logger));
  app.enableShutdownHooks();

  const document = documentTokenPolicy(
    SwaggerModule.createDocument(
      app,
      new DocumentBuilder()
        .setTitle('MorphSweep API')
        .setDescription(
          'Sweeps of MorphNet structure learning: submit, inspect the Pareto frontier, retrain.',
        )
        .setVersion('1')
        .addBearerAuth({
          type: 'http',
          scheme: 'bearer',
          description: 'API_TOKEN, for mutating requests',
        })
        .build(),
    ),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/openapi.json' });
  return app;
}
