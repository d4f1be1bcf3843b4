import helmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import { Logger, type LogLevel } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from './app.module';
import { setting } from './config/app-config';
import { validateEnvironment, type Environment } from './config/environment';
import { recordRoute } from './common/route-table';
import { SpaIndex } from './common/spa-index';
import { setupSwagger } from './swagger';

const LOG_LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

/**
 * Builds the whole product (API, Swagger, console) — shared by main.ts and the e2e tests,
 * so tests run exactly the production set-up. `env` replaces process.env when given.
 */
export async function createApp(env?: Record<string, string | undefined>): Promise<NestFastifyApplication> {
  // Validate before anything else, so a bad setting is one clear line, not a stack of DI errors.
  const settings = validateEnvironment(env ?? process.env);
  const level = LOG_LEVELS.indexOf(settings.ARCHNEST_LOG_LEVEL as LogLevel);
  // maxParamLength: path parameters up to 512 characters reach our pipes (400 with a reason) instead of a bare 414 at 100.
  const adapter = new FastifyAdapter({ bodyLimit: settings.ARCHNEST_BODY_LIMIT_BYTES, trustProxy: false, routerOptions: { maxParamLength: 512 } });
  // A route opts into a larger body with @RouteConfig({ bodyLimitSetting: 'ARCHNEST_…' }) (agent
  // ingest); everything else keeps the small default. The setting is resolved here, not in the
  // decorator: decorators run at import time, before configuration is read, and each test app
  // has its own settings.
  const fastify = adapter.getInstance();
  fastify.addHook('onRoute', (route) => {
    recordRoute(fastify, route);
    const key = (route.config as { bodyLimitSetting?: keyof Environment } | undefined)?.bodyLimitSetting;
    if (key === undefined) return;
    const limit = settings[key];
    if (typeof limit !== 'number') throw new Error(`${route.url}: bodyLimitSetting ${key} is not a byte count`);
    route.bodyLimit = limit;
  });
  // The API speaks JSON only: Fastify's own JSON parser stays, text and form bodies get 415.
  adapter.getInstance().removeContentTypeParser(['text/plain']);
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.register(env), adapter, {
    logger: LOG_LEVELS.slice(0, level + 1),
    abortOnError: false,
    bodyParser: false,
  });
  app.setGlobalPrefix('api');
  app.enableShutdownHooks();
  await configureHttp(app);
  setupSwagger(app);
  return app;
}

async function configureHttp(app: NestFastifyApplication): Promise<void> {
  const config = app.get(ConfigService);
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // Angular Material and Swagger UI set inline styles.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: null,
      },
    },
    // The console is often served over plain HTTP on a LAN; HSTS belongs on the TLS proxy in front.
    hsts: false,
  });
  // API answers carry access tokens, container env and host lists: no browser or proxy cache may keep
  // a copy (found by the reliability suite, edges.e2e-spec.ts). Set first, so every answer has it,
  // errors included; the docs and the console's static files stay cacheable.
  app.getHttpAdapter().getInstance().addHook('onRequest', async (request, reply) => {
    if (request.url.startsWith('/api/') && !request.url.startsWith('/api/docs')) void reply.header('cache-control', 'no-store');
  });
  const extraOrigins = (setting(config, 'ARCHNEST_ALLOWED_ORIGINS') ?? '').split(',').map((o) => o.trim()).filter(Boolean);
  // Same-origin console needs no CORS; only explicitly configured origins get it.
  app.enableCors({ origin: extraOrigins.length ? extraOrigins : false, credentials: false });

  const spa = app.get(SpaIndex);
  if (spa.dir) {
    await app.register(fastifyStatic, { root: spa.dir, prefix: '/', wildcard: true, index: ['index.html'], decorateReply: false, maxAge: '1h' });
  } else {
    new Logger('Console').warn('built console not found (run `npm run build:client`); serving the API only');
  }
}
