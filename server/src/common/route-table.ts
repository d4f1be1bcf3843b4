import type { FastifyInstance, RouteOptions } from 'fastify';

export interface RouteEntry {
  method: string;
  url: string;
}

const tables = new WeakMap<FastifyInstance, RouteEntry[]>();

/**
 * Keeps the list of every route as Fastify registers it. Tests use it to prove that each
 * route is documented in OpenAPI and covered by the authorization matrix, so a new route
 * cannot be forgotten.
 */
export function recordRoute(instance: FastifyInstance, route: RouteOptions): void {
  const table = tables.get(instance) ?? [];
  tables.set(instance, table);
  const methods = Array.isArray(route.method) ? route.method : [route.method];
  for (const method of methods) {
    if (method === 'HEAD' || method === 'OPTIONS') continue;
    table.push({ method, url: route.url });
  }
}

export function routeTable(instance: FastifyInstance): RouteEntry[] {
  return [...(tables.get(instance) ?? [])];
}
