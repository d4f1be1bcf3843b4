import { createTestApp, type TestApp } from './test-app';

describe('users (e2e)', () => {
  let t: TestApp;
  let admin: { authorization: string };

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.login();
  });
  afterAll(() => t.close());

  const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, headers: object, payload?: object) =>
    t.app.inject({ method, url, headers: headers as Record<string, string>, payload });

  it('creates, lists, updates and deletes users without ever returning password material', async () => {
    const created = await call('POST', '/api/users', admin, { username: 'bob', password: 'bob-password', role: 'member' });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toEqual({ id: expect.any(Number), username: 'bob', role: 'member', active: true, createdAt: expect.any(String), lastLoginAt: null });
    const id = created.json().id;

    const list = await call('GET', '/api/users', admin);
    expect(list.json().map((u: { username: string }) => u.username)).toEqual(['admin', 'bob']);
    expect(list.body).not.toMatch(/scrypt|password/i);

    const promoted = await call('PATCH', `/api/users/${id}`, admin, { role: 'admin', password: 'new-bob-password' });
    expect(promoted.json().role).toBe('admin');
    await t.login('bob', 'new-bob-password');

    expect((await call('DELETE', `/api/users/${id}`, admin)).statusCode).toBe(204);
    expect((await call('GET', `/api/users/${id}`, admin)).statusCode).toBe(404);
  });

  it('refuses a duplicate username with 409', async () => {
    await call('POST', '/api/users', admin, { username: 'carol', password: 'carol-password', role: 'member' });
    const again = await call('POST', '/api/users', admin, { username: 'carol', password: 'carol-password', role: 'member' });
    expect(again.statusCode).toBe(409);
    expect(again.json().message).toMatch(/taken/);
  });

  it('validates bodies and ids with bounds', async () => {
    const cases: [string, string, object | undefined][] = [
      ['POST', '/api/users', { username: 'x', password: 'short', role: 'root' }],
      ['POST', '/api/users', { username: '../etc/passwd', password: 'long-enough', role: 'member' }],
      ['POST', '/api/users', { username: 'dave', password: 'p'.repeat(300), role: 'member' }],
      ['POST', '/api/users', { username: 'dave', password: 'long-enough', role: 'member', isAdmin: true }],
      ['PATCH', '/api/users/1', { role: 'owner' }],
      ['PATCH', '/api/users/1', { active: 'yes' }],
      ['GET', '/api/users/abc', undefined],
      ['GET', '/api/users/-1', undefined],
      ['GET', '/api/users/99999999999', undefined],
    ];
    for (const [method, url, payload] of cases) {
      const res = await call(method as 'POST', url, admin, payload);
      expect({ url, payload, status: res.statusCode }).toEqual({ url, payload, status: 400 });
      expect(res.json().message).toEqual(expect.any(String));
    }
  });

  it('never leaves the system without an active admin', async () => {
    const list = await call('GET', '/api/users', admin);
    const adminId = list.json().find((u: { username: string }) => u.username === 'admin').id;
    for (const [method, payload] of [['PATCH', { role: 'member' }], ['PATCH', { active: false }], ['DELETE', undefined]] as const) {
      const res = await call(method, `/api/users/${adminId}`, admin, payload);
      expect(res.statusCode).toBe(409);
      expect(res.json().message).toMatch(/last active admin/);
    }
    // With a second admin, the first may step down.
    const second = await call('POST', '/api/users', admin, { username: 'erin', password: 'erin-password', role: 'admin' });
    const erin = await t.login('erin', 'erin-password');
    expect((await call('PATCH', `/api/users/${adminId}`, erin, { role: 'member' })).statusCode).toBe(200);
    // Now erin is the last one.
    expect((await call('DELETE', `/api/users/${second.json().id}`, erin)).statusCode).toBe(409);
    expect((await call('PATCH', `/api/users/${adminId}`, erin, { role: 'admin' })).statusCode).toBe(200);
  });
});

describe('access matrix (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const routes: { method: 'GET' | 'POST' | 'PATCH' | 'DELETE'; url: string; admin: boolean; payload?: object }[] = [
    { method: 'GET', url: '/api/auth/me', admin: false },
    { method: 'GET', url: '/api/users', admin: true },
    { method: 'GET', url: '/api/users/1', admin: true },
    { method: 'POST', url: '/api/users', admin: true, payload: { username: 'matrix', password: 'matrix-password', role: 'member' } },
    { method: 'PATCH', url: '/api/users/1', admin: true, payload: {} },
    { method: 'DELETE', url: '/api/users/424242', admin: true },
  ];

  it('anonymous → 401, member → 403 on admin routes, admin → not 401/403', async () => {
    const member = await t.userHeaders('member');
    const admin = await t.login();
    for (const route of routes) {
      const anon = await t.app.inject({ method: route.method, url: route.url, payload: route.payload });
      expect({ route: route.url, method: route.method, status: anon.statusCode }).toEqual({ route: route.url, method: route.method, status: 401 });
      const asMember = await t.app.inject({ method: route.method, url: route.url, payload: route.payload, headers: member });
      const memberExpected = route.admin ? 403 : 200;
      expect({ route: route.url, method: route.method, status: asMember.statusCode }).toEqual({ route: route.url, method: route.method, status: memberExpected });
      const asAdmin = await t.app.inject({ method: route.method, url: route.url, payload: route.payload, headers: admin });
      expect([401, 403]).not.toContain(asAdmin.statusCode);
    }
  });

  it('keeps health public and reports the database', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'ok', info: { database: { status: 'up' } } });
  });

  it('answers unknown API paths with a JSON 404', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/nope', headers: await t.login() });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ statusCode: 404, error: 'Not Found', message: 'No route GET /api/nope' });
  });

  it('sends security headers', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['x-frame-options']).toBeDefined();
  });
});
