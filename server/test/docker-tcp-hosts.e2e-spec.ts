import { generateKeyPairSync } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { env, registerHost } from './docker-tcp.helpers';
import { createTestApp, type TestApp } from './test-app';

/** The Docker API host registry: validation, roles, TLS material sealed at rest, the test action against the real engine. */
describe('Docker API hosts (e2e)', () => {
  let t: TestApp;
  let admin: { authorization: string };
  let member: { authorization: string };
  const tls = env.dockerTls;
  const keyBody = tls.key.replace(/-----[A-Z ]+-----/g, '').replace(/\s/g, '').slice(10, 60);

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.login();
    member = await t.userHeaders('member');
  });
  afterAll(() => t.close());

  const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, headers?: object, payload?: object) =>
    t.app.inject({ method, url, headers: headers as Record<string, string>, payload });

  it('registers a plain and a TLS engine, never returning TLS material', async () => {
    const plain = await call('POST', '/api/docker/hosts', admin, { name: 'plain', url: env.dockerTcpUrl });
    expect(plain.statusCode).toBe(201);
    expect(plain.json()).toEqual({ id: expect.any(Number), name: 'plain', url: env.dockerTcpUrl, tls: false, hasCa: false, hasClientCert: false, createdAt: expect.any(String), updatedAt: expect.any(String) });
    const secure = await call('POST', '/api/docker/hosts', admin, { name: 'secure', url: tls.url, ca: tls.ca, cert: tls.cert, key: tls.key });
    expect(secure.statusCode).toBe(201);
    expect(secure.json()).toMatchObject({ name: 'secure', url: tls.url, tls: true, hasCa: true, hasClientCert: true });
    for (const res of [secure, await call('GET', '/api/docker/hosts', member), await call('GET', `/api/docker/hosts/${secure.json().id}`, member)]) {
      expect(res.body).not.toContain('PRIVATE KEY');
      expect(res.body).not.toContain('BEGIN CERTIFICATE');
      expect(res.body).not.toContain(keyBody);
    }
  });

  it('keeps the TLS key sealed in the SQLite file', () => {
    const files = readdirSync(t.dataDir).filter((f) => f.startsWith('archnest.sqlite'));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const bytes = readFileSync(join(t.dataDir, file)).toString('latin1');
      expect(bytes).not.toContain('PRIVATE KEY');
      expect(bytes).not.toContain(keyBody);
      expect(bytes).not.toContain('BEGIN CERTIFICATE');
    }
  });

  it('tests a plain and a TLS engine: version and API version', async () => {
    const hosts = (await call('GET', '/api/docker/hosts', member)).json() as { id: number; name: string }[];
    for (const host of hosts.filter((h) => h.name === 'plain' || h.name === 'secure')) {
      const res = await call('POST', `/api/docker/hosts/${host.id}/test`, admin);
      expect(res.statusCode).toBe(200);
      expect({ name: host.name, ...res.json() }).toMatchObject({ name: host.name, ok: true, engineVersion: expect.stringMatching(/^\d+\./), apiVersion: expect.stringMatching(/^1\.\d+$/), os: 'linux' });
    }
  });

  it('lists containers through the TLS engine with client certificates', async () => {
    const id = await registerHost(t, admin, { name: 'secure-list', url: tls.url, ca: tls.ca, cert: tls.cert, key: tls.key });
    const res = await call('GET', `/api/docker/hosts/${id}/containers`, member);
    expect(res.statusCode).toBe(200);
    expect(Array.isArray(res.json())).toBe(true);
  });

  it('fails clearly over TLS without the client certificate, or with the wrong CA', async () => {
    const noClient = await registerHost(t, admin, { name: 'no-client-cert', url: tls.url, ca: tls.ca });
    const test = (await call('POST', `/api/docker/hosts/${noClient}/test`, admin)).json();
    expect(test).toMatchObject({ ok: false, engineVersion: null });
    expect(test.message).toMatch(/client certificate|closed the connection/i);
    const list = await call('GET', `/api/docker/hosts/${noClient}/containers`, admin);
    expect(list.statusCode).toBe(502);
    expect(list.json().message).toMatch(/client certificate|closed the connection/i);

    const otherCa = await registerHost(t, admin, { name: 'wrong-ca', url: tls.url, ca: tls.cert, cert: tls.cert, key: tls.key });
    const wrong = await call('GET', `/api/docker/hosts/${otherCa}/containers`, admin);
    expect(wrong.statusCode).toBe(502);
    expect(wrong.json().message).toMatch(/not signed by the configured CA/);

    const systemCas = await registerHost(t, admin, { name: 'system-cas', url: tls.url, cert: tls.cert, key: tls.key });
    expect((await call('POST', `/api/docker/hosts/${systemCas}/test`, admin)).json().message).toMatch(/not signed by the configured CA/);

    const plainToTls = await registerHost(t, admin, { name: 'plain-to-tls', url: tls.url.replace('https://', 'tcp://') });
    const mismatch = await call('GET', `/api/docker/hosts/${plainToTls}/containers`, admin);
    expect(mismatch.statusCode).toBe(502);
    expect(mismatch.json().message).toMatch(/https:\/\//);

    const tlsToPlain = await registerHost(t, admin, { name: 'tls-to-plain', url: env.dockerTcpUrl.replace('tcp://', 'https://') });
    const noTls = await call('GET', `/api/docker/hosts/${tlsToPlain}/containers`, admin);
    expect(noTls.statusCode).toBe(502);
    expect(noTls.json().message).toMatch(/does not speak TLS/);
  });

  it('refuses other schemes, paths, credentials and malformed addresses', async () => {
    const bad = ['http://127.0.0.1:2375', 'unix:///var/run/docker.sock', 'ssh://host', 'tcp://user:pw@127.0.0.1:2375', 'tcp://127.0.0.1:2375/v1.41',
      'tcp://127.0.0.1:2375?x=1', 'tcp://127.0.0.1:0', 'tcp://127.0.0.1:65536', 'tcp://-bad-.example:2375', 'tcp://[::zz]:2375', 'tcp://' + 'a'.repeat(300), ' tcp://127.0.0.1:2375', 'tcp://host name:1'];
    for (const url of bad) {
      const res = await call('POST', '/api/docker/hosts', admin, { name: 'bad', url });
      expect({ url, status: res.statusCode, field: res.json().fields?.[0]?.path }).toEqual({ url, status: 400, field: 'url' });
    }
    for (const url of ['tcp://docker.example.com', 'https://[::1]:2376', 'tcp://10.0.0.5:2375']) {
      const res = await call('POST', '/api/docker/hosts', admin, { name: `ok ${url.length}${url.slice(-4)}`, url });
      expect({ url, status: res.statusCode }).toEqual({ url, status: 201 });
    }
  });

  it('validates names and the TLS material with real parsers', async () => {
    const post = (body: object) => call('POST', '/api/docker/hosts', admin, { name: 'v', url: tls.url, ...body });
    const otherKey = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const cases: [object, string][] = [
      [{ name: '' }, 'name'],
      [{ name: 'x'.repeat(65) }, 'name'],
      [{ name: '../etc' }, 'name'],
      [{ ca: 'not a pem' }, 'ca'],
      [{ ca: '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n' }, 'ca'],
      [{ ca: tls.ca + 'x'.repeat(70 * 1024) }, 'ca'],
      [{ cert: tls.cert }, 'key'],
      [{ key: tls.key }, 'cert'],
      [{ cert: tls.cert, key: otherKey }, 'key'],
      [{ cert: tls.key, key: tls.key }, 'cert'],
      [{ cert: tls.cert, key: '-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n' }, 'key'],
      [{ extra: 1 }, 'extra'],
    ];
    for (const [body, field] of cases) {
      const res = await post(body);
      expect({ body: Object.keys(body), status: res.statusCode, fields: (res.json().fields ?? []).map((f: { path: string }) => f.path) }).toEqual({
        body: Object.keys(body), status: 400, fields: expect.arrayContaining([field]),
      });
    }
    const plainWithTls = await call('POST', '/api/docker/hosts', admin, { name: 'plain-tls', url: env.dockerTcpUrl, ca: tls.ca });
    expect(plainWithTls.statusCode).toBe(400);
    expect(plainWithTls.json().message).toMatch(/https:\/\//);
    expect((await call('POST', '/api/docker/hosts', admin, { name: 'plain', url: env.dockerTcpUrl })).statusCode).toBe(409);
  });

  it('edits a host: rename, switch to TLS and back, remove material with null', async () => {
    const id = await registerHost(t, admin, { name: 'editable', url: env.dockerTcpUrl });
    const toTls = await call('PATCH', `/api/docker/hosts/${id}`, admin, { url: tls.url, ca: tls.ca, cert: tls.cert, key: tls.key });
    expect(toTls.json()).toMatchObject({ tls: true, hasCa: true, hasClientCert: true });
    expect((await call('POST', `/api/docker/hosts/${id}/test`, admin)).json().ok).toBe(true);
    // A tcp:// URL with TLS material still stored is refused, until the material is removed in the same request.
    expect((await call('PATCH', `/api/docker/hosts/${id}`, admin, { url: env.dockerTcpUrl })).statusCode).toBe(400);
    const back = await call('PATCH', `/api/docker/hosts/${id}`, admin, { name: 'edited', url: env.dockerTcpUrl, ca: null, cert: null, key: null });
    expect(back.statusCode).toBe(200);
    expect(back.json()).toMatchObject({ name: 'edited', tls: false, hasCa: false, hasClientCert: false });
    expect((await call('POST', `/api/docker/hosts/${id}/test`, admin)).json().ok).toBe(true);
    expect((await call('PATCH', `/api/docker/hosts/${id}`, admin, { cert: null })).statusCode).toBe(200);
    expect((await call('PATCH', `/api/docker/hosts/${id}`, admin, { name: 'plain' })).statusCode).toBe(409);
    expect((await call('PATCH', '/api/docker/hosts/9999', admin, { name: 'x' })).statusCode).toBe(404);
  });

  it('deletes a host', async () => {
    const id = await registerHost(t, admin, { name: 'doomed', url: env.dockerTcpUrl });
    expect((await call('DELETE', `/api/docker/hosts/${id}`, admin)).statusCode).toBe(204);
    expect((await call('GET', `/api/docker/hosts/${id}`, admin)).statusCode).toBe(404);
    expect((await call('GET', `/api/docker/hosts/${id}/containers`, admin)).statusCode).toBe(404);
    expect((await call('DELETE', `/api/docker/hosts/${id}`, admin)).statusCode).toBe(404);
  });

  it('lets members read hosts but not change or test them; anonymous callers get 401', async () => {
    const id = await registerHost(t, admin, { name: 'guarded', url: env.dockerTcpUrl });
    expect((await call('GET', '/api/docker/hosts', member)).statusCode).toBe(200);
    expect((await call('GET', `/api/docker/hosts/${id}`, member)).statusCode).toBe(200);
    const mutations: ['POST' | 'PATCH' | 'DELETE', string, object?][] = [
      ['POST', '/api/docker/hosts', { name: 'm', url: env.dockerTcpUrl }],
      ['PATCH', `/api/docker/hosts/${id}`, { name: 'm' }],
      ['DELETE', `/api/docker/hosts/${id}`],
      ['POST', `/api/docker/hosts/${id}/test`],
    ];
    for (const [method, url, body] of mutations) {
      expect({ method, url, status: (await call(method, url, member, body)).statusCode }).toEqual({ method, url, status: 403 });
      expect({ method, url, status: (await call(method, url, undefined, body)).statusCode }).toEqual({ method, url, status: 401 });
    }
    expect((await call('GET', '/api/docker/hosts')).statusCode).toBe(401);
    expect((await call('GET', `/api/docker/hosts/${id}`)).statusCode).toBe(401);
    expect((await call('GET', `/api/docker/hosts/${id}`, admin)).json().name).toBe('guarded');
  });
});

/** The same registry on PostgreSQL: the migration and the sealed columns are portable. */
describe('Docker API hosts on PostgreSQL (e2e)', () => {
  const database = `archnest_dtcp_${process.pid}_${Date.now()}`;
  let t: TestApp;

  const postgres = async (sql: string) => {
    const client = new Client({ connectionString: `${env.postgresUrl}/postgres` });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };

  beforeAll(async () => {
    await postgres(`CREATE DATABASE ${database}`);
    t = await createTestApp({ DATABASE_URL: `${env.postgresUrl}/${database}` });
  });

  afterAll(async () => {
    await t?.close();
    await postgres(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  });

  it('registers, tests, edits and deletes a TLS engine, with the key sealed in the table', async () => {
    const admin = await t.login();
    const id = await registerHost(t, admin, { name: 'pg-secure', url: env.dockerTls.url, ca: env.dockerTls.ca, cert: env.dockerTls.cert, key: env.dockerTls.key });
    expect((await t.app.inject({ method: 'POST', url: `/api/docker/hosts/${id}/test`, headers: admin })).json().ok).toBe(true);
    const db = new Client({ connectionString: `${env.postgresUrl}/${database}` });
    await db.connect();
    try {
      const row = (await db.query('SELECT key_sealed FROM docker_tcp_hosts WHERE id = $1', [id])).rows[0];
      expect(row.key_sealed).toMatch(/^v1:/);
      expect(row.key_sealed).not.toContain('PRIVATE KEY');
    } finally {
      await db.end();
    }
    const renamed = await t.app.inject({ method: 'PATCH', url: `/api/docker/hosts/${id}`, headers: admin, payload: { name: 'pg-renamed' } });
    expect(renamed.json()).toMatchObject({ name: 'pg-renamed', hasClientCert: true });
    expect((await t.app.inject({ method: 'GET', url: `/api/docker/hosts/${id}/containers`, headers: admin })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'DELETE', url: `/api/docker/hosts/${id}`, headers: admin })).statusCode).toBe(204);
  });
});
