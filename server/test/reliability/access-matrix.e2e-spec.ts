import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import WebSocket from 'ws';
import { docker } from '../../../testing/test-env';
import { routeTable } from '../../src/common/route-table';
import { ADMIN } from '../test-app';
import { accessOf, ACCESS_POLICY, EXEC_PATHS, expectedFor, type Access, type Principal } from './access-policy';
import { AGENT_HEADERS, agentReport, create, createObservedApp, fakeHostBodies, fillPath, postReport, testEnv, type Headers, type ObservedApp } from './harness';

// Every registered route × {anonymous, member, agent token, admin}, on the real app with real
// hosts (the test engine over TCP, the test sshd) and a real container, then every `:param`
// replaced by an unknown object. Expectations come from access-policy.ts, not from the decorators.
const PREFIX = `an-rel-matrix-${randomBytes(3).toString('hex')}`;
const PRINCIPALS: Principal[] = ['anonymous', 'member', 'agent', 'admin'];
const UNKNOWN: Record<string, string | number> = { id: 2_147_483_647, hostId: 'no-such-agent-host', containerId: 'no-such-container', ref: 'no-such-container-xyz' };

describe('authorization matrix (e2e)', () => {
  let t: ObservedApp;
  const headers: Record<Principal, Headers> = { anonymous: {}, member: {}, admin: {}, agent: AGENT_HEADERS };
  const container = `${PREFIX}-run`;
  const ids = { tcp: 0, tcpVictim: 0, ssh: 0, sshVictim: 0, member: 0, userVictim: 0 };
  let counter = 0;
  let routes: { method: string; url: string }[];

  beforeAll(async () => {
    await docker(['run', '-d', '--name', container, '--stop-timeout', '1', testEnv.image, 'sleep', '3600']);
    t = await createObservedApp();
    headers.admin = await t.login();
    headers.member = await t.userHeaders('member', 'matrix-member');
    ids.member = (await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: headers.member })).json().id;
    ids.userVictim = await create(t, '/api/users', headers.admin, { username: 'matrix-victim', password: 'victim-password', role: 'member' });
    ids.tcp = await create(t, '/api/docker/hosts', headers.admin, { name: 'matrix-engine', url: testEnv.dockerTcpUrl });
    ids.tcpVictim = await create(t, '/api/docker/hosts', headers.admin, fakeHostBodies('matrix-victim').tcp);
    ids.ssh = await create(t, '/api/docker-ssh/hosts', headers.admin, {
      name: 'matrix-sshd', host: testEnv.ssh.host, port: testEnv.ssh.port, username: testEnv.ssh.username,
      privateKey: testEnv.ssh.privateKey, hostKeyFingerprint: testEnv.ssh.hostKeyFingerprint,
    });
    ids.sshVictim = await create(t, '/api/docker-ssh/hosts', headers.admin, fakeHostBodies('matrix-victim').ssh);
    await postReport(t, agentReport('matrix-host'));
    await postReport(t, agentReport('matrix-victim'));
    routes = routeTable(t.app.getHttpAdapter().getInstance()).filter((r) => r.url.startsWith('/api'));
  });

  afterAll(async () => {
    await t?.close();
    await docker(['rm', '-f', container]).catch(() => undefined);
    expect(t?.recorder.leaks()).toEqual([]);
  });

  /** A request that succeeds for a principal who may call the route (mutations aim at throwaway objects). */
  function sample(method: string, url: string): { url: string; payload?: object } {
    const n = ++counter;
    const destructive = method !== 'GET';
    const values: Record<string, string | number> = {
      hostId: method === 'DELETE' ? 'matrix-victim' : 'matrix-host',
      containerId: 'web',
      // Actions aim at an unknown container: an admin then gets a 404, and no real container changes.
      ref: destructive ? UNKNOWN.ref : container,
      action: 'start',
      id: url.startsWith('/api/users')
        ? ids.userVictim
        : url.startsWith('/api/docker-ssh')
          ? method === 'DELETE' && !url.includes('/containers') ? ids.sshVictim : ids.ssh
          : method === 'DELETE' && !url.includes('/containers') ? ids.tcpVictim : ids.tcp,
    };
    const bodies: Record<string, object> = {
      'POST /api/auth/login': ADMIN,
      'POST /api/users': { username: `matrix-new-${n}`, password: 'matrix-password', role: 'member' },
      'PATCH /api/users/:id': {},
      'POST /api/docker/hosts': fakeHostBodies(`matrix-${n}`).tcp,
      'PATCH /api/docker/hosts/:id': {},
      'POST /api/docker-ssh/hosts': fakeHostBodies(`matrix-${n}`).ssh,
      'PATCH /api/docker-ssh/hosts/:id': {},
      'POST /api/agents/docker/report': agentReport('matrix-host', n),
    };
    // Swagger UI's wildcard asset routes: a file that exists.
    return { url: fillPath(url, values).replace(/\*$/, 'swagger-ui.css'), payload: bodies[`${method} ${url}`] };
  }

  it('has a decided access rule for every registered route, and no rule for a route that is gone', () => {
    const missing = routes.filter((r) => accessOf(r.method, r.url) === undefined).map((r) => `${r.method} ${r.url}`);
    expect(missing).toEqual([]);
    const registered = new Set(routes.map((r) => `${r.method} ${r.url}`));
    expect(Object.keys(ACCESS_POLICY).filter((key) => !registered.has(key))).toEqual([]);
  });

  it('follows SPEC §2: every mutating route except login and agent ingest needs the admin role', () => {
    const mutating = Object.entries(ACCESS_POLICY).filter(([key]) => !key.startsWith('GET '));
    const notAdmin = mutating.filter(([key, access]) => access !== 'admin' && !['POST /api/auth/login', 'POST /api/agents/docker/report'].includes(key));
    expect(notAdmin).toEqual([]);
  });

  it('answers every route × principal as the policy says', async () => {
    const wrong: string[] = [];
    let checked = 0;
    for (const route of routes) {
      const access = accessOf(route.method, route.url) as Access;
      for (const who of PRINCIPALS) {
        const { url, payload } = sample(route.method, route.url);
        const res = await t.app.inject({ method: route.method as 'GET', url, headers: headers[who], payload });
        const expected = expectedFor(access, who);
        const ok =
          expected === 'ok' ? res.statusCode >= 200 && res.statusCode < 300
          : expected === 'allowed' ? ![401, 403].includes(res.statusCode) && res.statusCode < 500
          : res.statusCode === expected;
        checked++;
        if (!ok) wrong.push(`${who} ${route.method} ${url} → ${res.statusCode} (expected ${expected}) ${res.body.slice(0, 160)}`);
        if (res.statusCode === 401 || res.statusCode === 403) expect(res.json()).toMatchObject({ statusCode: res.statusCode, message: expect.any(String) });
      }
    }
    expect(wrong).toEqual([]);
    expect(checked).toBe(routes.length * PRINCIPALS.length);
  });

  it('object level: an unknown object behind any :param is a JSON 404 for those who may read it, never a 500', async () => {
    const wrong: string[] = [];
    let checked = 0;
    for (const route of routes.filter((r) => r.url.includes('/:'))) {
      const access = accessOf(route.method, route.url) as Access;
      const params = [...route.url.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1]).filter((p) => p !== 'action');
      for (const param of params) {
        for (const who of ['member', 'admin'] as const) {
          const { payload } = sample(route.method, route.url);
          const known = sample(route.method, route.url).url;
          const url = fillPath(route.url, { ...paramsOf(route.url, known), [param]: UNKNOWN[param] });
          const res = await t.app.inject({ method: route.method as 'GET', url, headers: headers[who], payload });
          // A member is refused an admin route before any lookup: no existence oracle for non-admins.
          const expected = who === 'member' && access === 'admin' ? 403 : 404;
          checked++;
          if (res.statusCode !== expected) wrong.push(`${who} ${route.method} ${url} → ${res.statusCode} (expected ${expected}) ${res.body.slice(0, 160)}`);
          else expect(res.json()).toMatchObject({ statusCode: expected, message: expect.any(String) });
        }
      }
    }
    expect(wrong).toEqual([]);
    expect(checked).toBeGreaterThan(60);
  });

  it('refuses the exec WebSockets to anonymous callers, members and the agent token; an admin gets a terminal', async () => {
    await t.app.listen(0, '127.0.0.1');
    const base = `ws://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    const tokenOf = (h: Headers) => (h.authorization ?? '').replace(/^Bearer /, '');
    const outcomes: string[] = [];
    for (const path of EXEC_PATHS) {
      const hostId = path.includes('ssh') ? ids.ssh : ids.tcp;
      for (const who of PRINCIPALS) {
        const protocols = ['archnest.exec.v1', ...(who === 'anonymous' ? [] : [`bearer.${tokenOf(headers[who])}`])];
        const answer = await upgrade(`${base}${path}?hostId=${hostId}&ref=${container}`, protocols);
        outcomes.push(`${who} ${path} → ${answer}`);
      }
    }
    expect(outcomes).toEqual(
      EXEC_PATHS.flatMap((path) => [`anonymous ${path} → 401`, `member ${path} → 403`, `agent ${path} → 401`, `admin ${path} → 101`]),
    );
  });
});

/** The values a filled URL used, by parameter name (so one parameter can be swapped for an unknown one). */
function paramsOf(pattern: string, filled: string): Record<string, string> {
  const names = pattern.split('/');
  const parts = filled.split('/');
  const out: Record<string, string> = {};
  names.forEach((segment, i) => {
    if (segment.startsWith(':')) out[segment.slice(1)] = decodeURIComponent(parts[i]);
  });
  return out;
}

/** Opens a WebSocket and reports 101 (then closes it) or the HTTP status of the refusal. */
function upgrade(url: string, protocols: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, protocols, { headers: { origin: new URL(url.replace('ws', 'http')).origin } });
    socket.on('open', () => {
      socket.close(1000);
      resolve(101);
    });
    socket.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      res.resume();
      socket.terminate();
    });
    socket.on('error', (error) => reject(error));
  });
}
