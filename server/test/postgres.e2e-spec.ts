import { Client } from 'pg';
import { routeTable } from '../src/common/route-table';
import { loadTestEnv } from '../../testing/test-env';
import { createTestApp, type TestApp } from './test-app';

/**
 * The same app on PostgreSQL (DATABASE_URL): every migration must apply there too, and the
 * core flows must behave as on SQLite. Each run gets its own database.
 */
describe('PostgreSQL (e2e)', () => {
  const database = `archnest_test_${process.pid}_${Date.now()}`;
  const serverUrl = loadTestEnv().postgresUrl;
  let t: TestApp;

  const admin = async <T>(work: (client: Client) => Promise<T>): Promise<T> => {
    const client = new Client({ connectionString: `${serverUrl}/postgres` });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  };

  beforeAll(async () => {
    await admin((c) => c.query(`CREATE DATABASE ${database}`));
    t = await createTestApp({ DATABASE_URL: `${serverUrl}/${database}` });
  });

  afterAll(async () => {
    await t?.close();
    await admin((c) => c.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`));
  });

  it('applies every migration', async () => {
    const db = new Client({ connectionString: `${serverUrl}/${database}` });
    await db.connect();
    const rows = await db
      .query('SELECT name FROM migrations ORDER BY id')
      .then((r) => r.rows.map((row: { name: string }) => row.name))
      .finally(() => db.end());
    const { migrations } = await import('../src/database/migrations');
    expect(rows).toEqual(migrations.map((m) => m.name));
  });

  it('runs the user flows: first admin, login, create, last-admin rule', async () => {
    const headers = await t.login();
    const created = await t.app.inject({ method: 'POST', url: '/api/users', headers, payload: { username: 'pg-user', password: 'pg-user-password', role: 'member' } });
    expect(created.statusCode).toBe(201);
    expect(created.json().createdAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    await t.login('pg-user', 'pg-user-password');
    const list = await t.app.inject({ method: 'GET', url: '/api/users', headers });
    const me = list.json().find((u: { username: string }) => u.username === 'pg-user');
    expect(me.lastLoginAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    const adminId = list.json().find((u: { username: string }) => u.username === 'admin').id;
    expect((await t.app.inject({ method: 'DELETE', url: `/api/users/${adminId}`, headers })).statusCode).toBe(409);
  });

  it('answers health from PostgreSQL', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(res.json()).toMatchObject({ status: 'ok', info: { database: { status: 'up' } } });
    expect(routeTable(t.app.getHttpAdapter().getInstance()).length).toBeGreaterThan(0);
  });
});
