import type { AddressInfo } from 'node:net';
import WebSocket from 'ws';
import { ADMIN } from '../test-app';
import { AGENT_HEADERS, agentReport, CANARY, createObservedApp, type ObservedApp } from './harness';
import { forgedTokens } from './jwt-forgery';

// The edges of the HTTP surface: headers, CORS, WebSocket origins, forged tokens and throttling,
// each on the real app. Every app here records its responses and log for the canary check.
const apps: ObservedApp[] = [];
async function app(env: Record<string, string> = {}): Promise<ObservedApp> {
  const t = await createObservedApp(env);
  apps.push(t);
  return t;
}

afterAll(async () => {
  for (const t of apps) await t.close();
  expect(apps.flatMap((t) => t.recorder.leaks())).toEqual([]);
});

describe('security headers', () => {
  it('are on every kind of answer: success, client errors, docs', async () => {
    const t = await app();
    const admin = await t.login();
    const answers = [
      await t.app.inject({ method: 'GET', url: '/api/health' }),
      await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: admin }),
      await t.app.inject({ method: 'GET', url: '/api/users/abc', headers: admin }),
      await t.app.inject({ method: 'GET', url: '/api/auth/me' }),
      await t.app.inject({ method: 'GET', url: '/api/no-such-route' }),
      await t.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json' }, payload: '{' }),
      await t.app.inject({ method: 'GET', url: '/api/docs' }),
    ];
    for (const res of answers) {
      const h = res.headers;
      const csp = String(h['content-security-policy']);
      expect({ url: res.raw.req.url, csp: /default-src 'self'/.test(csp) && /frame-ancestors 'none'/.test(csp) && /object-src 'none'/.test(csp) && /script-src 'self'(;|$)/.test(csp) }).toEqual({ url: res.raw.req.url, csp: true });
      expect(h).toMatchObject({
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'SAMEORIGIN',
        'referrer-policy': 'no-referrer',
        'cross-origin-opener-policy': 'same-origin',
        'cross-origin-resource-policy': 'same-origin',
      });
      expect(h['x-powered-by']).toBeUndefined();
      expect(h.server).toBeUndefined();
    }
  });

  it('keeps API answers (tokens, container env, host lists) out of every cache', async () => {
    const t = await app();
    const login = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: ADMIN });
    expect(login.headers['cache-control']).toBe('no-store');
    const users = await t.app.inject({ method: 'GET', url: '/api/users', headers: { authorization: `Bearer ${login.json().accessToken}` } });
    expect(users.headers['cache-control']).toBe('no-store');
    const refused = await t.app.inject({ method: 'GET', url: '/api/users' });
    expect(refused.headers['cache-control']).toBe('no-store');
  });
});

describe('CORS', () => {
  const preflight = (t: ObservedApp, origin: string) =>
    t.app.inject({ method: 'OPTIONS', url: '/api/auth/login', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,authorization' } });

  it('gives no cross-origin access by default: the console is served from the same origin', async () => {
    const t = await app();
    for (const origin of ['http://evil.example', 'null', 'http://127.0.0.1.evil.example']) {
      const pre = await preflight(t, origin);
      expect(pre.statusCode).toBeLessThan(500);
      expect(pre.headers['access-control-allow-origin']).toBeUndefined();
      const get = await t.app.inject({ method: 'GET', url: '/api/health', headers: { origin } });
      expect(get.headers['access-control-allow-origin']).toBeUndefined();
      expect(get.headers['access-control-allow-credentials']).toBeUndefined();
    }
    // The console itself: a same-origin POST carries Origin too, and works.
    const same = await t.app.inject({ method: 'POST', url: '/api/auth/login', headers: { origin: 'http://localhost:80', host: 'localhost:80' }, payload: ADMIN });
    expect(same.statusCode).toBe(200);
  });

  it('allows exactly the origins in ARCHNEST_ALLOWED_ORIGINS, without credentials', async () => {
    const t = await app({ ARCHNEST_ALLOWED_ORIGINS: 'https://console.example.test, https://ops.example.test' });
    for (const origin of ['https://console.example.test', 'https://ops.example.test']) {
      const pre = await preflight(t, origin);
      expect(pre.statusCode).toBe(204);
      expect(pre.headers['access-control-allow-origin']).toBe(origin);
      expect(pre.headers['access-control-allow-credentials']).toBeUndefined();
    }
    for (const origin of ['https://evil.example', 'https://console.example.test.evil.example', 'http://console.example.test', 'null']) {
      const pre = await preflight(t, origin);
      expect({ origin, allowed: pre.headers['access-control-allow-origin'] }).toEqual({ origin, allowed: undefined });
    }
  });
});

describe('exec WebSocket origins', () => {
  let t: ObservedApp;
  let base: string;
  let token: string;

  beforeAll(async () => {
    t = await app({ ARCHNEST_ALLOWED_ORIGINS: 'https://console.example.test' });
    await t.app.listen(0, '127.0.0.1');
    base = `127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    token = (await t.login()).authorization.slice(7);
  });

  /** The upgrade's answer: 101 or the refusal's status and message. hostId 999 does not exist, so an accepted socket then closes with 4404. */
  function upgrade(path: string, headers: Record<string, string>, protocols = ['archnest.exec.v1', `bearer.${token}`]): Promise<{ status: number; message?: string }> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(`ws://${base}${path}?hostId=999&ref=web`, protocols, { headers });
      socket.on('open', () => {
        socket.terminate();
        resolve({ status: 101 });
      });
      socket.on('unexpected-response', (_req, res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, message: JSON.parse(body).message }));
      });
      socket.on('error', reject);
    });
  }

  it.each(['/api/docker/exec', '/api/docker-ssh/exec'])('%s refuses foreign origins with 403 before looking at the token', async (path) => {
    // Only host:port is compared with Host, not the scheme: behind a TLS proxy the console's origin is
    // https:// while the server listens on http://, and one port cannot serve two different sites.
    for (const origin of ['http://evil.example', `http://${base}.evil.example`, 'null', 'file://', 'http://127.0.0.1:1', `http://localhost:${base.split(':')[1]}`]) {
      const answer = await upgrade(path, { origin });
      expect({ origin, ...answer }).toEqual({ origin, status: 403, message: expect.stringMatching(/Origin may not open a terminal/) });
    }
    // Refused on the origin alone: a forged page learns nothing about the token either.
    expect(await upgrade(path, { origin: 'http://evil.example' }, ['archnest.exec.v1'])).toMatchObject({ status: 403 });
  });

  it.each(['/api/docker/exec', '/api/docker-ssh/exec'])('%s accepts its own origin and the configured one', async (path) => {
    expect(await upgrade(path, { origin: `http://${base}` })).toEqual({ status: 101 });
    expect(await upgrade(path, { origin: 'https://console.example.test' })).toEqual({ status: 101 });
  });

  it('refuses forged tokens on the upgrade as on HTTP', async () => {
    const me = (await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization: `Bearer ${token}` } })).json();
    for (const [why, forged] of forgedTokens(CANARY.jwtSecret, me.id, token)) {
      const answer = await upgrade('/api/docker/exec', { origin: `http://${base}` }, ['archnest.exec.v1', `bearer.${forged}`]);
      expect({ why, status: answer.status }).toEqual({ why, status: 401 });
    }
  });
});

describe('forged, expired and bent JWTs', () => {
  it('are all refused with a JSON 401 on every kind of route', async () => {
    const t = await app();
    const valid = (await t.login()).authorization.slice(7);
    const me = (await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization: `Bearer ${valid}` } })).json();
    const tokens = forgedTokens(CANARY.jwtSecret, me.id, valid);
    expect(tokens.length).toBeGreaterThanOrEqual(15);
    for (const [why, forged] of tokens) {
      for (const [method, url] of [['GET', '/api/auth/me'], ['GET', '/api/users'], ['DELETE', `/api/users/${me.id}`], ['GET', '/api/docker/hosts']] as const) {
        const res = await t.app.inject({ method, url, headers: { authorization: `Bearer ${forged}` } });
        expect({ why, url, status: res.statusCode }).toEqual({ why, url, status: 401 });
        expect(res.json().message).toEqual(expect.any(String));
      }
    }
    // The agent token is not a user token, and a user token is not an agent token.
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: AGENT_HEADERS })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'POST', url: '/api/agents/docker/report', headers: { authorization: `Bearer ${valid}` }, payload: agentReport('jwt-host') })).statusCode).toBe(401);
    // And the real token still works after all that.
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization: `Bearer ${valid}` } })).statusCode).toBe(200);
  });
});

describe('throttling', () => {
  it('limits login attempts per client address; spoofed X-Forwarded-For does not reset it, nor does the right password', async () => {
    const t = await app({ ARCHNEST_LOGIN_RATE_LIMIT: '3' });
    const codes: number[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'x-forwarded-for': `203.0.113.${i}`, 'x-real-ip': `198.51.100.${i}` }, payload: { username: 'admin', password: `guess-${i}` } });
      codes.push(res.statusCode);
    }
    expect(codes).toEqual([401, 401, 401, 429, 429, 429]);
    const blocked = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: ADMIN });
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json()).toMatchObject({ statusCode: 429, message: expect.stringMatching(/wait a minute/) });
    expect(Number(blocked.headers['retry-after-login'] ?? blocked.headers['retry-after'])).toBeGreaterThan(0);
    // Another client address is not affected.
    const other = await t.app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress: '192.0.2.7', payload: ADMIN });
    expect(other.statusCode).toBe(200);
  });

  it('limits agent reports per host id (ARCHNEST_AGENT_RATE_LIMIT), after the token check and the schema', async () => {
    const t = await app({ ARCHNEST_AGENT_RATE_LIMIT: '5' });
    const post = (report: object, headers = AGENT_HEADERS) => t.app.inject({ method: 'POST', url: '/api/agents/docker/report', headers, payload: report });
    // Strangers without the token, and broken reports, do not spend the host's budget.
    for (let i = 0; i < 8; i++) expect((await post(agentReport('busy-host', 100 + i), { authorization: 'Bearer wrong-token-wrong-token' })).statusCode).toBe(401);
    for (let i = 0; i < 8; i++) expect((await post({ ...agentReport('busy-host', 200 + i), containers: 'nope' })).statusCode).toBe(400);
    const codes: number[] = [];
    for (let seq = 1; seq <= 7; seq++) codes.push((await post(agentReport('busy-host', seq))).statusCode);
    expect(codes).toEqual([200, 200, 200, 200, 200, 429, 429]);
    const refused = await post(agentReport('busy-host', 8));
    expect(refused.json()).toMatchObject({ statusCode: 429, message: expect.stringMatching(/Too many reports for host 'busy-host'.*ARCHNEST_AGENT_RATE_LIMIT/) });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    // Another host is not affected, and the refused reports were not stored.
    expect((await post(agentReport('quiet-host', 1))).statusCode).toBe(200);
    const admin = await t.login();
    const hosts = (await t.app.inject({ method: 'GET', url: '/api/agents/docker/hosts', headers: admin })).json();
    expect(hosts.find((h: { hostId: string }) => h.hostId === 'busy-host').agentVersion).toBe('5');
  });

  it('has a default per-host limit of 60 reports a minute', async () => {
    const t = await app();
    const codes: number[] = [];
    for (let seq = 1; seq <= 61; seq++) {
      codes.push((await t.app.inject({ method: 'POST', url: '/api/agents/docker/report', headers: AGENT_HEADERS, payload: agentReport('default-host', seq) })).statusCode);
    }
    expect(codes.slice(0, 60).every((c) => c === 200)).toBe(true);
    expect(codes[60]).toBe(429);
  });
});
