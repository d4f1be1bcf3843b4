import { routeTable } from '../src/common/route-table';
import { createTestApp, type TestApp } from './test-app';

describe('OpenAPI document (e2e)', () => {
  let t: TestApp;
  let doc: { paths: Record<string, Record<string, { security?: unknown[]; responses: object }>>; components: { securitySchemes: object } };

  beforeAll(async () => {
    t = await createTestApp();
    const res = await t.app.inject({ method: 'GET', url: '/api/docs-json' });
    expect(res.statusCode).toBe(200);
    doc = res.json();
  });
  afterAll(() => t.close());

  it('declares both bearer schemes', () => {
    expect(doc.components.securitySchemes).toMatchObject({
      'user-jwt': { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
      'agent-token': { type: 'http', scheme: 'bearer' },
    });
  });

  it('documents every API route the server registers', () => {
    const apiRoutes = routeTable(t.app.getHttpAdapter().getInstance()).filter(
      (r) => r.url.startsWith('/api/') && !r.url.startsWith('/api/docs'),
    );
    expect(apiRoutes.length).toBeGreaterThan(5);
    for (const route of apiRoutes) {
      const path = route.url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
      expect({ route: `${route.method} ${path}`, documented: Boolean(doc.paths[path]?.[route.method.toLowerCase()]) }).toEqual({
        route: `${route.method} ${path}`,
        documented: true,
      });
    }
  });

  it('marks every non-public operation with a security scheme', () => {
    const publicOps = new Set(['post /api/auth/login', 'get /api/health', 'post /api/agents/docker/report']);
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const key = `${method} ${path}`;
        if (publicOps.has(key)) continue;
        expect({ key, secured: (op.security ?? []).length > 0 }).toEqual({ key, secured: true });
      }
    }
  });

  it('serves Swagger UI', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/docs' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('swagger');
  });
});
