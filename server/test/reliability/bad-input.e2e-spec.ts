import { connect, type AddressInfo } from 'node:net';
import { routeTable } from '../../src/common/route-table';
import { ADMIN } from '../test-app';
import { fieldCases, genericBodyCases, pathCases, queryCases, strayCases, type BadCase } from './bad-input-cases';
import { AGENT_HEADERS, agentReport, create, createObservedApp, fakeHostBodies, postReport, testEnv, type ObservedApp } from './harness';

// The bad-input corpus on the real app: each case must get exactly its 4xx, as JSON with a
// message, never a 5xx; the server must still answer normally afterwards. Hosts are fake
// (nothing listens on port 1), so no case can reach a real engine or sshd.
const DEFAULT_LIMIT = 100 * 1024;
const TCP_HOST_LIMIT = 128 * 1024;
const AGENT_LIMIT = 2 * 1024 * 1024;

describe('bad-input corpus (e2e)', () => {
  let t: ObservedApp;
  let admin: { authorization: string };
  const ids = { tcp: 0, ssh: 0, user: 0 };
  let cases: BadCase[];

  beforeAll(async () => {
    t = await createObservedApp();
    admin = await t.login();
    const fake = fakeHostBodies('bad-input');
    ids.tcp = await create(t, '/api/docker/hosts', admin, fake.tcp);
    ids.ssh = await create(t, '/api/docker-ssh/hosts', admin, fake.ssh);
    ids.user = await create(t, '/api/users', admin, { username: 'bad-input-user', password: 'bad-input-password', role: 'member' });
    await postReport(t, agentReport('bad-input-host'));
    await t.app.listen(0, '127.0.0.1');
    const routes = routeTable(t.app.getHttpAdapter().getInstance()).filter((r) => r.url.startsWith('/api/') && !r.url.startsWith('/api/docs'));
    const valid = (url: string) => ({
      id: url.startsWith('/api/users') ? ids.user : url.startsWith('/api/docker-ssh') ? ids.ssh : ids.tcp,
      hostId: 'bad-input-host', containerId: 'web', ref: 'web', action: 'start',
    });
    cases = [
      ...pathCases(routes.filter((r) => r.url.includes('/:')), valid),
      ...bodyCases(ids),
      ...queryCases(
        [`/api/docker/hosts/${ids.tcp}/containers/web/logs`, `/api/docker-ssh/hosts/${ids.ssh}/containers/web/logs`],
        [`/api/docker/hosts/${ids.tcp}/containers/web`, `/api/docker-ssh/hosts/${ids.ssh}/containers/web`],
      ),
      ...strayCases(),
    ];
  });

  afterAll(async () => {
    await t?.close();
    expect(t?.recorder.leaks()).toEqual([]);
  });

  it('has at least 200 cases, covering every route that takes input', () => {
    expect(cases.length).toBeGreaterThanOrEqual(200);
    const routes = routeTable(t.app.getHttpAdapter().getInstance()).filter((r) => r.url.startsWith('/api/') && !r.url.startsWith('/api/docs'));
    const withInput = routes.filter((r) => r.url.includes('/:') || r.method === 'POST' || r.method === 'PATCH');
    const uncovered = withInput.filter((r) => {
      const pattern = new RegExp(`^${r.url.replace(/:[A-Za-z]+/g, '[^/]+')}$`);
      return !cases.some((c) => c.method === r.method && pattern.test(c.url.split('?')[0]));
    });
    expect(uncovered.map((r) => `${r.method} ${r.url}`)).toEqual([]);
  });

  it('answers each case with its 4xx as JSON with a message, and never a 5xx', async () => {
    const wrong: string[] = [];
    for (const c of cases) {
      const headers: Record<string, string> = c.as === 'agent' ? { ...AGENT_HEADERS } : { ...admin };
      let payload: string | undefined;
      if (c.payload !== undefined) {
        headers['content-type'] = c.contentType ?? 'application/json';
        payload = typeof c.payload === 'string' ? c.payload : JSON.stringify(c.payload);
      }
      const res = c.raw
        ? await rawRequest((t.app.getHttpServer().address() as AddressInfo).port, c.method, c.url, headers)
        : await t.app.inject({ method: c.method as 'GET', url: c.url, headers, payload });
      let body: { statusCode?: unknown; message?: unknown } = {};
      try {
        body = JSON.parse(res.body);
      } catch {
        // not JSON: reported below
      }
      const json = String(res.headers['content-type']).startsWith('application/json') && body.statusCode === res.statusCode && typeof body.message === 'string' && body.message.length > 0;
      if (res.statusCode !== c.expect || !json) wrong.push(`${c.name} → ${res.statusCode} (expected ${c.expect}) ${res.body.slice(0, 200)}`);
    }
    expect(wrong).toEqual([]);
  });

  it('still answers normally afterwards', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/api/users', headers: admin })).json()).toHaveLength(2);
    expect((await t.app.inject({ method: 'GET', url: '/api/docker/hosts', headers: admin })).json()).toHaveLength(1);
    expect((await t.app.inject({ method: 'GET', url: '/api/docker-ssh/hosts', headers: admin })).json()).toHaveLength(1);
    const hosts = (await t.app.inject({ method: 'GET', url: '/api/agents/docker/hosts', headers: admin })).json();
    expect(hosts.map((h: { hostId: string }) => h.hostId)).toEqual(['bad-input-host']);
    expect((await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: ADMIN })).statusCode).toBe(200);
  });
});

/** One request over a socket, the request line exactly as given (no client normalizes the path). */
function rawRequest(port: number, method: string, path: string, headers: Record<string, string>): Promise<{ statusCode: number; headers: Record<string, string>; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const lines = [`${method} ${path} HTTP/1.1`, 'Host: 127.0.0.1', 'Connection: close', ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)];
    socket.end(`${lines.join('\r\n')}\r\n\r\n`);
    let text = '';
    socket.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    socket.on('error', reject);
    socket.on('close', () => {
      const [head, ...rest] = text.split('\r\n\r\n');
      const [status, ...headerLines] = head.split('\r\n');
      const parsed = Object.fromEntries(headerLines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
      const body = rest.join('\r\n\r\n');
      resolve({ statusCode: Number(status.split(' ')[1]), headers: parsed, body: parsed['transfer-encoding'] === 'chunked' ? dechunk(body) : body });
    });
  });
}

function dechunk(body: string): string {
  let out = '';
  let rest = body;
  for (;;) {
    const eol = rest.indexOf('\r\n');
    const size = parseInt(rest.slice(0, eol), 16);
    if (!size) return out;
    out += rest.slice(eol + 2, eol + 2 + size);
    rest = rest.slice(eol + 2 + size + 2);
  }
}

/** Every body route: the generic attacks, then its own fields. */
function bodyCases(ids: { tcp: number; ssh: number; user: number }): BadCase[] {
  const fake = fakeHostBodies('body');
  const login = { username: 'admin', password: 'some-password' };
  const user = { username: 'new-user', password: 'new-user-password', role: 'member' };
  const tcp = { name: 'new-engine', url: 'tcp://127.0.0.1:1' };
  const ssh = { name: 'new-ssh', host: '127.0.0.1', port: 1, username: 'archnest', password: 'pw' };
  const report = agentReport('bad-body-host');
  const users = `/api/users/${ids.user}`;
  const tcpHost = `/api/docker/hosts/${ids.tcp}`;
  const sshHost = `/api/docker-ssh/hosts/${ids.ssh}`;
  const pem = (kind: string) => `-----BEGIN ${kind}-----\nQUJDREVGR0g=\n-----END ${kind}-----\n`;
  const container = (change: (c: Record<string, unknown>) => void) => (r: Record<string, unknown>) => change((r.containers as Record<string, unknown>[])[0]);
  return [
    ...genericBodyCases('POST', '/api/auth/login', 'admin', DEFAULT_LIMIT, login),
    ...genericBodyCases('POST', '/api/users', 'admin', DEFAULT_LIMIT, user),
    ...genericBodyCases('PATCH', users, 'admin', DEFAULT_LIMIT, { role: 'member' }),
    ...genericBodyCases('POST', '/api/docker/hosts', 'admin', TCP_HOST_LIMIT, tcp),
    ...genericBodyCases('PATCH', tcpHost, 'admin', TCP_HOST_LIMIT, { name: 'renamed' }),
    ...genericBodyCases('POST', '/api/docker-ssh/hosts', 'admin', DEFAULT_LIMIT, ssh),
    ...genericBodyCases('PATCH', sshHost, 'admin', DEFAULT_LIMIT, { port: 2222 }),
    ...genericBodyCases('POST', '/api/agents/docker/report', 'agent', AGENT_LIMIT, report),
    ...fieldCases('POST', '/api/auth/login', 'admin', login, [
      ['username as a number', { username: 42 }],
      ['password missing', (b) => delete b.password],
      ['username of 65 characters', { username: 'u'.repeat(65) }],
      ['password of 257 characters', { password: 'p'.repeat(257) }],
      ['empty username', { username: '' }],
      ['username null', { username: null }],
      ['username as an object (NoSQL-style operator)', { username: { $ne: null } }],
      ['an extra field', { remember: true }],
    ]),
    ...fieldCases('POST', '/api/users', 'admin', user, [
      ['role root', { role: 'root' }],
      ['username with path traversal', { username: '../etc/passwd' }],
      ['username of 2 characters', { username: 'ab' }],
      ['username with an emoji', { username: 'bob😀' }],
      ['username with a right-to-left override', { username: 'bob\u202enimda' }],
      ['username with SQL', { username: "x' OR '1'='1" }],
      ['password of 7 characters', { password: '1234567' }],
      ['active as a string', { active: 'yes' }],
      ['isAdmin smuggled in', { isAdmin: true }],
      ['id smuggled in', { id: 1 }],
      ['role missing', (b) => delete b.role],
    ]),
    ...fieldCases('PATCH', users, 'admin', {}, [
      ['role owner', { role: 'owner' }],
      ['active as 1', { active: 1 }],
      ['empty password', { password: '' }],
      ['username change (not allowed)', { username: 'renamed' }],
      ['passwordHash smuggled in', { passwordHash: 'scrypt$1$1$1$x$y' }],
    ]),
    ...fieldCases('POST', '/api/docker/hosts', 'admin', tcp, [
      ['url http://', { url: 'http://127.0.0.1:2375' }],
      ['url unix socket', { url: 'unix:///var/run/docker.sock' }],
      ['url with credentials', { url: 'tcp://user:pw@127.0.0.1:2375' }],
      ['url with a path', { url: 'tcp://127.0.0.1:2375/v1.41/containers/json' }],
      ['url with a query', { url: 'tcp://127.0.0.1:2375?x=1' }],
      ['url port 99999', { url: 'tcp://127.0.0.1:99999' }],
      ['url port 0', { url: 'tcp://127.0.0.1:0' }],
      ['url file://', { url: 'file:///etc/passwd' }],
      ['url with CRLF', { url: 'tcp://127.0.0.1:2375\r\nHost: evil' }],
      ['url as a number', { url: 2375 }],
      ['url of 400 characters', { url: `tcp://${'a'.repeat(390)}:2375` }],
      ['name empty', { name: '' }],
      ['name with an emoji', { name: 'engine😀' }],
      ['name of 65 characters', { name: 'n'.repeat(65) }],
      ['name with SQL', { name: "x' OR 1=1 --" }],
      ['TLS material on tcp://', { ca: fake.tls.ca }],
      ['ca not PEM', { url: 'https://127.0.0.1:1', ca: 'not a certificate' }],
      ['ca PEM-shaped garbage', { url: 'https://127.0.0.1:1', ca: pem('CERTIFICATE') }],
      ['key PEM-shaped garbage', { url: 'https://127.0.0.1:1', cert: fake.tls.cert, key: pem('PRIVATE KEY') }],
      ['cert without key', { url: 'https://127.0.0.1:1', cert: fake.tls.cert }],
      ['key that belongs to another cert', { url: 'https://127.0.0.1:1', cert: fake.tls.ca, key: fake.tls.key }],
    ]),
    ...fieldCases('PATCH', tcpHost, 'admin', {}, [
      ['url unix socket', { url: 'unix:///var/run/docker.sock' }],
      ['name with a slash', { name: 'a/b' }],
      ['ca as a number', { ca: 5 }],
      ['key without cert on tcp://', { key: fake.tls.key }],
      ['id smuggled in', { id: 99 }],
    ]),
    ...fieldCases('POST', '/api/docker-ssh/hosts', 'admin', ssh, [
      ['host with spaces', { host: 'not a host' }],
      ['host as an ssh option', { host: '-oProxyCommand=id' }],
      ['host with a shell command', { host: '$(id).example' }],
      ['port 0', { port: 0 }],
      ['port 65536', { port: 65536 }],
      ['port 22.5', { port: 22.5 }],
      ['port as a string', { port: '22' }],
      ['port negative', { port: -22 }],
      ['port 1e309 (Infinity)', (b) => (b.port = Number.MAX_VALUE)],
      ['username as an ssh option', { username: '-oProxyCommand=id' }],
      ['username with a shell command', { username: 'root;id' }],
      ['username of 65 characters', { username: 'u'.repeat(65) }],
      ['private key garbage', { privateKey: 'not a key' }],
      ['jumpHostId 0', { jumpHostId: 0 }],
      ['jumpHostId 2^53', { jumpHostId: 2 ** 53 }],
      ['jumpHostId as a string', { jumpHostId: '1' }],
      ['fingerprint in MD5 form', { hostKeyFingerprint: 'MD5:12:34:56' }],
      ['fingerprint too short', { hostKeyFingerprint: 'SHA256:abc' }],
      ['no credential at all', (b) => delete b.password],
      ['password of 1025 characters', { password: 'p'.repeat(1025) }],
      ['name with a newline', { name: 'a\nb' }],
    ]),
    ...fieldCases('PATCH', sshHost, 'admin', {}, [
      ['port -5', { port: -5 }],
      ['host empty', { host: '' }],
      ['username null', { username: null }],
      ['jumpHostId itself (a loop)', { jumpHostId: ids.ssh }],
      ['hostKeyFingerprint garbage', { hostKeyFingerprint: 'yes' }],
    ]),
    ...fieldCases('POST', '/api/agents/docker/report', 'agent', report, [
      ['hostId with a slash', { hostId: 'a/b' }],
      ['hostId of 129 characters', { hostId: 'h'.repeat(129) }],
      ['reportedAt not a date', { reportedAt: 'yesterday' }],
      ['reportedAt February 30', { reportedAt: '2026-02-30T10:00:00Z' }],
      ['containers not an array', { containers: 'many' }],
      ['state zombie', container((c) => (c.state = 'zombie'))],
      ['negative memory', container((c) => ((c.stats as Record<string, number>).memUsage = -1))],
      ['port 70000', container((c) => ((c.ports as Record<string, number>[])[0].hostPort = 70000))],
      ['label value as a number', container((c) => ((c.labels as Record<string, unknown>).x = 1))],
      ['env as an object', container((c) => (c.env = { A: '1' }))],
      ['id not hex', container((c) => (c.id = 'z'.repeat(64)))],
      ['two containers with one id', (r) => (r.containers as unknown[]).push((r.containers as unknown[])[0])],
      ['a field the schema does not know', container((c) => (c.privileged = true))],
    ]),
  ];
}
