// Who may call what (SPEC §2), written down once, independently of the decorators that enforce it:
// the matrix spec checks the running server against this table and fails on any registered route
// that is missing here, so a new route cannot ship without someone deciding who may call it.

export type Access = 'public' | 'docs' | 'agent' | 'user' | 'admin';
export type Principal = 'anonymous' | 'member' | 'admin' | 'agent';

/** Keyed by `METHOD url` exactly as Fastify registers the route. Docs pages are matched by prefix below. */
export const ACCESS_POLICY: Record<string, Access> = {
  'POST /api/auth/login': 'public',
  'GET /api/health': 'public',
  'GET /api/auth/me': 'user',

  'GET /api/users': 'admin',
  'POST /api/users': 'admin',
  'GET /api/users/:id': 'admin',
  'PATCH /api/users/:id': 'admin',
  'DELETE /api/users/:id': 'admin',

  'POST /api/agents/docker/report': 'agent',
  'GET /api/agents/docker/hosts': 'user',
  'GET /api/agents/docker/hosts/:hostId/containers': 'user',
  'GET /api/agents/docker/hosts/:hostId/containers/:containerId': 'user',
  'DELETE /api/agents/docker/hosts/:hostId': 'admin',

  'GET /api/docker/hosts': 'user',
  'POST /api/docker/hosts': 'admin',
  'GET /api/docker/hosts/:id': 'user',
  'PATCH /api/docker/hosts/:id': 'admin',
  'DELETE /api/docker/hosts/:id': 'admin',
  'POST /api/docker/hosts/:id/test': 'admin',
  'GET /api/docker/hosts/:id/containers': 'user',
  'GET /api/docker/hosts/:id/containers/:ref': 'user',
  'GET /api/docker/hosts/:id/containers/:ref/logs': 'user',
  'GET /api/docker/hosts/:id/containers/:ref/stats': 'user',
  'POST /api/docker/hosts/:id/containers/:ref/start': 'admin',
  'POST /api/docker/hosts/:id/containers/:ref/stop': 'admin',
  'POST /api/docker/hosts/:id/containers/:ref/restart': 'admin',
  'POST /api/docker/hosts/:id/containers/:ref/pause': 'admin',
  'POST /api/docker/hosts/:id/containers/:ref/unpause': 'admin',
  'DELETE /api/docker/hosts/:id/containers/:ref': 'admin',

  'GET /api/docker-ssh/hosts': 'user',
  'POST /api/docker-ssh/hosts': 'admin',
  'GET /api/docker-ssh/hosts/:id': 'user',
  'PATCH /api/docker-ssh/hosts/:id': 'admin',
  'DELETE /api/docker-ssh/hosts/:id': 'admin',
  'POST /api/docker-ssh/hosts/:id/test': 'admin',
  'GET /api/docker-ssh/hosts/:id/containers': 'user',
  'GET /api/docker-ssh/hosts/:id/containers/:ref': 'user',
  'GET /api/docker-ssh/hosts/:id/containers/:ref/logs': 'user',
  'GET /api/docker-ssh/hosts/:id/containers/:ref/stats': 'user',
  'POST /api/docker-ssh/hosts/:id/containers/:ref/:action': 'admin',
  'DELETE /api/docker-ssh/hosts/:id/containers/:ref': 'admin',
};

/** WebSocket endpoints live outside the route table (the HTTP server's upgrade event): admin only. */
export const EXEC_PATHS = ['/api/docker/exec', '/api/docker-ssh/exec'] as const;

/** The OpenAPI document is public; so are Swagger UI and its static assets (some of which may not exist: 404 is fine there). */
export function accessOf(method: string, url: string): Access | undefined {
  if (method === 'GET' && (url === '/api/docs-json' || url === '/api/docs-yaml' || url === '/api/docs')) return 'public';
  if (method === 'GET' && url.startsWith('/api/docs/')) return 'docs';
  return ACCESS_POLICY[`${method} ${url}`];
}

/**
 * What each principal must get. Admin on an admin or user route: anything but 401/403/5xx (a 404
 * for a deliberately unknown object is fine); the same for anyone on a static docs asset. Member on a user route: a 2xx.
 */
export function expectedFor(access: Access, who: Principal): 'ok' | 401 | 403 | 'allowed' {
  switch (access) {
    case 'public':
      return 'ok';
    case 'docs':
      return 'allowed';
    case 'agent':
      return who === 'agent' ? 'ok' : 401;
    case 'user':
      return who === 'anonymous' || who === 'agent' ? 401 : who === 'member' ? 'ok' : 'allowed';
    case 'admin':
      return who === 'anonymous' || who === 'agent' ? 401 : who === 'member' ? 403 : 'allowed';
  }
}
