import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import { AppModule } from './app.module';
import { DEFAULT_DASHBOARD_DIR, serveDashboard } from './common/dashboard.static';
import { DomainExceptionFilter } from './common/domain-exception.filter';
import { jsonDepthLimit } from './common/json-depth.middleware';
import { jsonNulRefused } from './common/json-nul.middleware';
import { loopbackHostOnly } from './common/loopback-host.middleware';
import { methodNotAllowed } from './common/method-not-allowed.middleware';
import { createOpenApiDocument } from './common/openapi-document';
import { JsonLogger } from './common/json-logger';
import { requestContext } from './common/request-context.middleware';
import type { ApiConfig } from './config/api.config';

/**
 * Builds the API application, ready to `listen`: routes under `/api` (metrics at `/metrics`),
 * OpenAPI at `/api/docs` and `/api/openapi.json` (405 with `Allow` for a documented path's
 * other methods), security headers (a content security policy too), loopback `Host` names
 * only without `API_TOKEN`, body size and depth limits (and no U+0000, which Postgres cannot
 * store), CORS only for `API_CORS_ORIGINS`, request ids and JSON logs, one error filter, and
 * the built dashboard at `/`.
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
  app.use(jsonNulRefused());
  if (config.API_CORS_ORIGINS)
    app.enableCors({ origin: config.API_CORS_ORIGINS.split(',').map((o) => o.trim()) });
  app.setGlobalPrefix('api', { exclude: ['metrics'] });
  serveDashboard(app, config.DASHBOARD_DIR ?? DEFAULT_DASHBOARD_DIR);
  app.useGlobalFilters(new DomainExceptionFilter(logger));
  app.enableShutdownHooks();

  const document = createOpenApiDocument(app, { tokenRequired: config.API_TOKEN !== undefined });
  app.use(methodNotAllowed(document));
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/openapi.json' });
  return app;
}
