import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import cookieParser from 'cookie-parser';
import express, { type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import { AppModule } from './app.module.js';
import type { AppConfig } from './config/app-config.js';
import { AllExceptionsFilter, toErrorBody } from './common/errors/all-exceptions.filter.js';
import { requestIdMiddleware } from './common/http/request-id.middleware.js';
import { createValidationPipe } from './common/http/validation.pipe.js';
import { AppLogger } from './infra/logging/app-logger.js';
import { PublicRegistrationService } from './modules/registrations/public-registration.service.js';
import { PostgresIoAdapter } from './infra/realtime/postgres-io.adapter.js';

export const API_PREFIX = 'api';
export const JSON_BODY_LIMIT = '1mb';

function trustProxySetting(value: string): boolean | number | string | string[] {
  if (value === 'true') return true;
  if (value === 'false' || value === '') return false;
  if (/^\d+$/.test(value)) return Number(value);
  return value.split(',').map((part) => part.trim());
}

export function buildOpenApiDocument(app: NestExpressApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Attendee EMS API')
    .setDescription('Multi-tenant event management. Errors are `{statusCode, code, message, errors?}`.')
    .setVersion('1.0')
    .addBearerAuth()
    .build();
  return SwaggerModule.createDocument(app, config, { operationIdFactory: (controllerKey, methodKey) => `${controllerKey.replace(/Controller$/, '')}_${methodKey}` });
}

type Middleware = (request: Request, response: Response, next: (error?: unknown) => void) => void;

/** Body parsers run before Nest's routing, so their errors (bad JSON, too large) would bypass the filter. */
function withErrorBody(parser: Middleware): Middleware {
  return (request, response, next) =>
    parser(request, response, (error?: unknown) => {
      if (!error) return next();
      const body = toErrorBody(error);
      if (!body) return next(error);
      response.status(body.statusCode).json(body);
    });
}

/** Pages served by the small public bundle (public.html) rather than the dashboard. */
const PUBLIC_PAGES = /^\/(e|embed|r)\//;

/** The embeddable form may be framed by the event's allowed origins only; everything else stays unframeable. */
export function embedContentSecurityPolicy(origins: string[]): string {
  const ancestors = origins.length ? origins.join(' ') : "'none'";
  return [
    "default-src 'self'",
    "img-src 'self' data: blob:",
    "style-src 'self' 'unsafe-inline'",
    "script-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    `frame-ancestors ${ancestors}`,
  ].join('; ');
}

/** Serves the built SPA (when present) with a history fallback that never shadows /api or /socket.io. */
function serveSpa(app: NestExpressApplication, distDir: string) {
  const indexFile = path.join(distDir, 'index.html');
  if (!fs.existsSync(indexFile)) return false;
  const publicFile = fs.existsSync(path.join(distDir, 'public.html')) ? path.join(distDir, 'public.html') : indexFile;
  const embeds = app.get(PublicRegistrationService, { strict: false });
  app.use('/assets', express.static(path.join(distDir, 'assets'), { immutable: true, maxAge: '1y', index: false }));
  app.use(express.static(distDir, { index: false, maxAge: 0 }));
  app.use((request: Request, response: Response, next: NextFunction) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return next();
    if (request.path.startsWith(`/${API_PREFIX}/`) || request.path === `/${API_PREFIX}` || request.path.startsWith('/socket.io')) return next();
    if (path.extname(request.path)) return next();
    response.setHeader('Cache-Control', 'no-cache');
    if (!PUBLIC_PAGES.test(request.path)) return response.sendFile(indexFile);
    // The form needs its event before it can render: let the browser fetch it while the script loads.
    const formToken = /^\/(?:e|embed)\/([\w-]{1,100})\/?$/.exec(request.path)?.[1];
    if (formToken) response.setHeader('Link', `</${API_PREFIX}/public/events/${formToken}>; rel=preload; as=fetch; crossorigin`);
    const embedToken = /^\/embed\/([^/]+)/.exec(request.path)?.[1];
    if (!embedToken) return response.sendFile(publicFile);
    embeds
      .embedOrigins(embedToken)
      .then((origins) => {
        response.removeHeader('X-Frame-Options');
        response.setHeader('Content-Security-Policy', embedContentSecurityPolicy(origins));
        response.sendFile(publicFile);
      })
      .catch(next);
  });
  return true;
}

/** Creates the configured Nest application (not listening yet). Used by main.ts, the worker and tests. */
export async function createApp(config: AppConfig): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), { bufferLogs: true, bodyParser: false });
  const logger = app.get(AppLogger);
  app.useLogger(logger);
  app.set('trust proxy', trustProxySetting(config.http.trustProxy));
  app.disable('x-powered-by');
  app.use(requestIdMiddleware);
  app.use(
    helmet({
      // The SPA's own policy; the embeddable form routes relax frame-ancestors per event.
      contentSecurityPolicy: {
        useDefaults: true,
        // frame-src blob:: badges print from a hidden frame holding the PDF the SPA fetched.
        directives: { 'img-src': ["'self'", 'data:', 'blob:'], 'connect-src': ["'self'", 'ws:', 'wss:'], 'frame-src': ["'self'", 'blob:'], 'frame-ancestors': ["'none'"] },
      },
      crossOriginEmbedderPolicy: false,
    }),
  );
  app.use(withErrorBody(express.json({ limit: JSON_BODY_LIMIT })));
  app.use(withErrorBody(express.urlencoded({ extended: false, limit: JSON_BODY_LIMIT })));
  app.use(cookieParser());
  if (config.http.corsOrigins.length) app.enableCors({ origin: config.http.corsOrigins, credentials: true });
  app.setGlobalPrefix(API_PREFIX);
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new AllExceptionsFilter(logger));
  app.useWebSocketAdapter(new PostgresIoAdapter(app, config));

  // Built on the first request to /api/docs or /api/docs-json, then kept: the document (every route,
  // every DTO schema) is not held by API instances nobody reads the docs from.
  SwaggerModule.setup(`${API_PREFIX}/docs`, app, () => buildOpenApiDocument(app), { jsonDocumentUrl: `${API_PREFIX}/docs-json`, raw: ['json'] });
  if (config.spa.enabled) serveSpa(app, config.spa.distDir);
  return app;
}
