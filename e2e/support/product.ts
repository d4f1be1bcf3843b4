import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(__dirname, '../..');
const MAIN = join(ROOT, 'dist/server/main.js');
const CLIENT_DIR = join(ROOT, 'dist/client/browser');
const READY_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 10_000;

export interface Product {
  /** e.g. http://127.0.0.1:41234 */
  readonly baseUrl: string;
  readonly adminUsername: string;
  readonly adminPassword: string;
  /** Everything the server printed so far, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts the real built product (`node dist/server/main.js`) on a free
 * loopback port with a fresh data folder, and waits until /api/health is 200.
 */
export async function startProduct(extraEnv: Record<string, string> = {}): Promise<Product> {
  for (const built of [MAIN, join(CLIENT_DIR, 'index.html')]) {
    if (!existsSync(built)) throw new Error(`${built} is missing: run \`npm run build\` before the browser tests`);
  }
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'archnest-e2e-'));
  const adminPassword = `e2e-${randomBytes(9).toString('base64url')}`;
  const env: Record<string, string> = {
    // Only what the product needs: nothing from the developer's shell (a
    // DATABASE_URL, say) may leak into the test.
    PATH: process.env['PATH'] ?? '/usr/bin:/bin',
    HOME: dataDir,
    NODE_ENV: 'production',
    ARCHNEST_HOST: '127.0.0.1',
    ARCHNEST_PORT: String(port),
    ARCHNEST_DATA_DIR: dataDir,
    ARCHNEST_ADMIN_USERNAME: 'admin',
    ARCHNEST_ADMIN_PASSWORD: adminPassword,
    ARCHNEST_JWT_SECRET: randomBytes(32).toString('hex'),
    ARCHNEST_CLIENT_DIR: CLIENT_DIR,
    ...extraEnv,
  };
  const child = spawn(process.execPath, [MAIN], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));

  const baseUrl = `http://127.0.0.1:${port}`;
  const product: Product = {
    baseUrl,
    adminUsername: 'admin',
    adminPassword,
    output: () => output,
    stop: async () => {
      await stopChild(child);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  try {
    await waitForHealth(baseUrl, child);
  } catch (error) {
    await product.stop();
    throw new Error(`${(error as Error).message}\n--- server output ---\n${output}`);
  }
  return product;
}

/** Logs in through the API and returns the bearer token (for test set-up, not for what is under test). */
export async function apiLogin(product: Product, username: string, password: string): Promise<string> {
  const response = await fetch(`${product.baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (response.status !== 200) throw new Error(`login of ${username} answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { accessToken: string }).accessToken;
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port'))));
    });
  });
}

async function waitForHealth(baseUrl: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited with code ${child.exitCode} before it was ready`);
    try {
      const response = await fetch(`${baseUrl}/api/health`, { signal: AbortSignal.timeout(2_000) });
      if (response.status === 200) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`GET ${baseUrl}/api/health did not answer 200 within ${READY_TIMEOUT_MS} ms`);
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}
