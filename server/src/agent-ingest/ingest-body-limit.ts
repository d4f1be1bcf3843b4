import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { setting } from '../config/app-config';

/** Route config flag (set with @RouteConfig) of the routes that take a whole agent report. */
export const AGENT_INGEST_ROUTE = 'archnestAgentIngest';

/**
 * Gives the ingest route its own body limit, ARCHNEST_AGENT_MAX_BODY_BYTES, while every other
 * route keeps the small default. `@RouteConfig({ bodyLimit })` cannot do it: decorators run at
 * import time, before configuration is read, and each test app has its own settings. Providers
 * are built before Nest registers routes, so this onRoute hook sees the ingest route being
 * added and sets the limit Fastify enforces (413 before the body is read past the limit).
 */
@Injectable()
export class IngestBodyLimit {
  readonly bytes: number;

  constructor(adapterHost: HttpAdapterHost, config: ConfigService) {
    this.bytes = setting(config, 'ARCHNEST_AGENT_MAX_BODY_BYTES');
    const fastify = adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    if (!fastify) throw new Error('IngestBodyLimit needs the Fastify adapter to be created before the modules');
    fastify.addHook('onRoute', (route) => {
      if ((route.config as Record<string, unknown> | undefined)?.[AGENT_INGEST_ROUTE] === true) route.bodyLimit = this.bytes;
    });
  }
}
