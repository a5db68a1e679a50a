import { INestApplication, ValidationPipe } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import cookieParser from 'cookie-parser';
import helmet from 'helmet';
import { buildApiDocument } from './api-document';
import { API_DOCS_PATHS, apiDocsAccess } from './auth/api-docs-access';
import { AuthService } from './auth/auth.service';
import { HttpErrorFilter } from './common/http-error.filter';
import { correlationId, jsonBody, sameOriginJsonOnly } from './common/http-protection';
import { RouteParamPipe } from './common/request-params';
import { AppConfig } from './config/app-config';
import { findWebRoot, serveWebUi } from './web-ui';

function trustProxy(value: string): boolean | number | string {
  if (value === 'true' || value === 'false') return value === 'true';
  return /^\d+$/.test(value) ? Number(value) : value;
}

/** Everything HTTP-specific, shared by main.ts and the e2e tests so both serve the same API. */
export function configureHttp(app: INestApplication): INestApplication {
  const config = app.get(AppConfig);
  // Behind a reverse proxy, client addresses (login throttling) and https (Secure cookie, same-origin
  // checks) come from X-Forwarded-*.
  if (config.KESHIKOMI_TRUST_PROXY) (app as NestExpressApplication).set('trust proxy', trustProxy(config.KESHIKOMI_TRUST_PROXY));
  // helmet's defaults serve the Swagger UI as is (its scripts are files, its inline styles allowed);
  // upgrade-insecure-requests is dropped because the service may be reached over plain http inside the city network.
  app.use(helmet({ contentSecurityPolicy: { directives: { 'upgrade-insecure-requests': null } } }));
  app.use(correlationId());
  app.use(sameOriginJsonOnly());
  // Registered before Nest's own parsers, which then leave the body alone.
  app.use(...jsonBody());
  app.use(cookieParser());
  app.use(API_DOCS_PATHS, apiDocsAccess(app.get(AuthService), config.KESHIKOMI_PUBLIC_API_DOCS === 'true'));
  // /metrics stays where Prometheus looks for it, outside /api.
  app.setGlobalPrefix('api', { exclude: ['metrics'] });
  serveWebUi(app as NestExpressApplication, config.KESHIKOMI_WEB_DIR ?? findWebRoot());
  app.useGlobalPipes(new RouteParamPipe(), new ValidationPipe({ whitelist: true, transform: true, forbidNonWhitelisted: true }));
  app.useGlobalFilters(new HttpErrorFilter());
  app.enableShutdownHooks();
  SwaggerModule.setup('api/docs', app, buildApiDocument(app), { jsonDocumentUrl: 'api/docs-json' });
  return app;
}
