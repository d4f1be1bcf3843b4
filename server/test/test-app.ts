import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../src/configure-app';

export const ADMIN = { username: 'admin', password: 'admin-test-password' };

export interface TestApp {
  app: NestFastifyApplication;
  dataDir: string;
  /** Logs in and returns `Authorization` headers. */
  login(username?: string, password?: string): Promise<{ authorization: string }>;
  /** Creates a user through the API (as admin) and returns its headers. */
  userHeaders(role: 'admin' | 'member', username?: string): Promise<{ authorization: string }>;
  close(): Promise<void>;
}

/**
 * Boots the production app (same bootstrap as main.ts) on a fresh SQLite file in a temp
 * folder, with only the given settings — never the developer's environment.
 */
export async function createTestApp(env: Record<string, string | undefined> = {}): Promise<TestApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'archnest-test-'));
  const app = await createApp({
    ARCHNEST_DATA_DIR: dataDir,
    ARCHNEST_ADMIN_USERNAME: ADMIN.username,
    ARCHNEST_ADMIN_PASSWORD: ADMIN.password,
    ARCHNEST_LOG_LEVEL: 'error',
    ARCHNEST_CLIENT_DIR: join(dataDir, 'no-client'),
    ...env,
  });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return {
    app,
    dataDir,
    ...sessionHelpers(app),
    async close() {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Logging in and making users through the real API: shared by every app-booting test helper. */
export function sessionHelpers(app: NestFastifyApplication): Pick<TestApp, 'login' | 'userHeaders'> {
  let counter = 0;
  const login = async (username = ADMIN.username, password = ADMIN.password) => {
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
    if (res.statusCode !== 200) throw new Error(`login as ${username} failed: ${res.statusCode} ${res.body}`);
    return { authorization: `Bearer ${res.json().accessToken}` };
  };
  return {
    login,
    async userHeaders(role, username = `${role}${++counter}`) {
      const password = `${username}-password`;
      const res = await app.inject({ method: 'POST', url: '/api/users', headers: await login(), payload: { username, password, role } });
      if (res.statusCode !== 201) throw new Error(`creating ${username} failed: ${res.statusCode} ${res.body}`);
      return login(username, password);
    },
  };
}
