import { ADMIN, createTestApp, type TestApp } from './test-app';

describe('auth (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ ARCHNEST_LOGIN_RATE_LIMIT: '1000' });
  });
  afterAll(() => t.close());

  it('logs the first admin in and answers the session shape', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: ADMIN });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toEqual({ accessToken: expect.any(String), expiresIn: 43200, user: { id: expect.any(Number), username: 'admin', role: 'admin' } });
    const [header] = body.accessToken.split('.');
    expect(JSON.parse(Buffer.from(header, 'base64url').toString())).toMatchObject({ alg: 'HS256' });
    const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization: `Bearer ${body.accessToken}` } });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toEqual({ id: body.user.id, username: 'admin', role: 'admin' });
  });

  it('refuses a wrong password and an unknown user with the same message', async () => {
    const wrong = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin', password: 'nope-nope' } });
    const unknown = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'ghost', password: 'nope-nope' } });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual({ statusCode: 401, error: 'Unauthorized', message: 'Wrong username or password' });
    expect(unknown.json()).toEqual(wrong.json());
  });

  it('refuses an inactive user, and deactivation ends existing sessions', async () => {
    const admin = await t.login();
    const created = await t.app.inject({ method: 'POST', url: '/api/users', headers: admin, payload: { username: 'sleepy', password: 'sleepy-password', role: 'member' } });
    expect(created.statusCode).toBe(201);
    const session = await t.login('sleepy', 'sleepy-password');
    await t.app.inject({ method: 'PATCH', url: `/api/users/${created.json().id}`, headers: admin, payload: { active: false } });
    const login = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'sleepy', password: 'sleepy-password' } });
    expect(login.statusCode).toBe(401);
    const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: session });
    expect(me.statusCode).toBe(401);
  });

  it('validates the login body with field paths', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 42, extra: true } });
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.message).toMatch(/^Invalid request: /);
    expect(body.fields.map((f: { path: string }) => f.path).sort()).toEqual(expect.arrayContaining(['extra', 'password', 'username']));
    expect(JSON.stringify(body)).not.toMatch(/at .*\.ts|stack/i);
  });

  it('answers invalid JSON and wrong content types with JSON 4xx', async () => {
    const bad = await t.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json' }, payload: '{"username":' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toMatch(/not valid JSON/);
    const text = await t.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'text/plain' }, payload: 'hello' });
    expect(text.statusCode).toBe(415);
    expect(text.json()).toMatchObject({ statusCode: 415 });
  });

  it('refuses bodies over the default limit with 413', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'a', password: 'x'.repeat(200 * 1024) } });
    expect(res.statusCode).toBe(413);
    expect(res.json().message).toMatch(/too large/);
  });

  it.each([
    ['no header', undefined],
    ['garbage', 'Bearer not-a-jwt'],
    ['alg none', `Bearer ${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from('{"sub":1,"username":"admin"}').toString('base64url')}.`],
  ])('answers 401 for %s', async (_, authorization) => {
    const res = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: authorization ? { authorization } : {} });
    expect(res.statusCode).toBe(401);
    expect(res.json().statusCode).toBe(401);
  });

  it('refuses expired and tampered tokens', async () => {
    const short = await createTestApp({ ARCHNEST_JWT_EXPIRES_IN: '60', ARCHNEST_JWT_SECRET: 'x'.repeat(40) });
    try {
      const { authorization } = await short.login();
      const [h, p, s] = authorization.slice(7).split('.');
      const payload = JSON.parse(Buffer.from(p, 'base64url').toString());
      const tampered = `Bearer ${h}.${Buffer.from(JSON.stringify({ ...payload, sub: 999 })).toString('base64url')}.${s}`;
      expect((await short.app.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization: tampered } })).statusCode).toBe(401);
      const { JwtService } = await import('@nestjs/jwt');
      const expired = new JwtService({ secret: 'x'.repeat(40) }).sign({ sub: payload.sub, username: 'admin' }, { expiresIn: -10 });
      expect((await short.app.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization: `Bearer ${expired}` } })).statusCode).toBe(401);
    } finally {
      await short.close();
    }
  });
});

describe('login throttling (e2e)', () => {
  it('answers 429 after the configured number of attempts per minute', async () => {
    const t = await createTestApp({ ARCHNEST_LOGIN_RATE_LIMIT: '3' });
    try {
      const codes: number[] = [];
      for (let i = 0; i < 5; i++) {
        const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin', password: 'wrong-wrong' } });
        codes.push(res.statusCode);
      }
      expect(codes).toEqual([401, 401, 401, 429, 429]);
      const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: ADMIN });
      expect(res.statusCode).toBe(429);
      expect(res.json().message).toMatch(/wait a minute/);
      // Reads are not throttled.
      expect((await t.app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);
    } finally {
      await t.close();
    }
  });
});
