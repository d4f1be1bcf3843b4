import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { FastifyRequest } from 'fastify';
import { setting } from '../config/app-config';

/** Where the built console lives: ARCHNEST_CLIENT_DIR, else dist/client/browser beside the server build. */
export function resolveClientDir(configured?: string): string | undefined {
  const candidates = configured ? [configured] : [resolve(__dirname, '../../client/browser'), resolve(process.cwd(), 'dist/client/browser')];
  return candidates.map((c) => resolve(c)).find((dir) => existsSync(join(dir, 'index.html')));
}

/** The console's index.html, served for unknown non-API paths (the SPA's own routes). */
@Injectable()
export class SpaIndex {
  readonly dir: string | undefined;
  private cached?: string;

  constructor(config: ConfigService) {
    this.dir = resolveClientDir(setting(config, 'ARCHNEST_CLIENT_DIR'));
  }

  shouldServe(request: FastifyRequest): boolean {
    if (!this.dir || request.method !== 'GET') return false;
    const path = request.url.split('?')[0];
    return !path.startsWith('/api/') && path !== '/api' && !/\.[a-z0-9]{1,8}$/i.test(path);
  }

  html(): string {
    this.cached ??= readFileSync(join(this.dir!, 'index.html'), 'utf8');
    return this.cached;
  }
}
