// What the containers and hosts browser tests share: a real product fed by the
// real agent script, real containers on the real engine, and the engine
// registered again as a Docker API (TCP) and a Docker-over-SSH host.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Page } from 'playwright-core';

import { TestEnv, docker, loadTestEnv } from '../testing/test-env';
import { Product, ROOT, apiLogin, startProduct } from './support/product';

const AGENT_SCRIPT = join(ROOT, 'agent/archnest-docker-agent.sh');

export interface Fleet {
  product: Product;
  env: TestEnv;
  adminToken: string;
  /** Unique per run: every container name starts with it, so the tests can filter the shared engine's list to their own. */
  prefix: string;
  agentHostId: string;
  names: { web: string; db: string; old: string };
  /** Runs the real agent script once against the product. */
  report(): Promise<void>;
  stop(): Promise<void>;
}

export async function startFleet(): Promise<Fleet> {
  const env = loadTestEnv();
  const agentToken = randomBytes(24).toString('hex');
  const product = await startProduct({ ARCHNEST_AGENT_TOKEN: agentToken });
  const prefix = `an-e2e-${randomBytes(3).toString('hex')}`;
  const names = { web: `${prefix}-web`, db: `${prefix}-db`, old: `${prefix}-old` };
  const agentHostId = `${prefix}-agent`;
  const work = mkdtempSync(join(tmpdir(), 'archnest-e2e-agent-'));
  const envFile = join(work, 'agent.env');
  writeFileSync(envFile, '', { mode: 0o600 });

  const stop = async () => {
    await docker(['rm', '-f', names.web, names.db, names.old]).catch(() => undefined);
    rmSync(work, { recursive: true, force: true });
    await product.stop();
  };
  try {
    // --init: the shell then stops on SIGTERM at once, so stop/restart take no 10 s.
    const common = ['run', '-d', '--init', '--label', `archnest.e2e=${prefix}`, '--restart', 'unless-stopped'];
    await docker([...common, '--name', names.web, '-p', '127.0.0.1::80', '-e', 'GREETING=hello', '-e', 'API_TOKEN=hunter2', env.image, 'sh', '-c', 'echo hello from web; exec sleep 3600']);
    await docker([...common, '--name', names.db, env.image, 'sh', '-c', 'echo db ready; exec sleep 3600']);
    await docker(['run', '--name', names.old, '--label', `archnest.e2e=${prefix}`, env.image, 'sh', '-c', 'echo bye; exit 3']).catch(() => undefined);

    const report = async () => {
      const result = await runProcess('bash', [AGENT_SCRIPT], {
        PATH: process.env['PATH'] ?? '/usr/bin:/bin',
        HOME: work,
        DOCKER_HOST: `unix://${env.dockerSocket}`,
        ARCHNEST_URL: product.baseUrl,
        ARCHNEST_AGENT_TOKEN: agentToken,
        ARCHNEST_HOST_ID: agentHostId,
        ARCHNEST_HOSTNAME: 'e2e-docker-host',
        ARCHNEST_AGENT_ENV_FILE: envFile,
      });
      if (result.code !== 0 || !result.stdout.includes('(HTTP 200)')) {
        throw new Error(`the agent failed (exit ${result.code}): ${result.stdout}${result.stderr}`);
      }
    };
    await report();
    const adminToken = await apiLogin(product, product.adminUsername, product.adminPassword);
    return { product, env, adminToken, prefix, agentHostId, names, report, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** A JSON call to the product's API as test set-up (not what is under test). */
export async function api<T>(fleet: Fleet, method: string, path: string, body?: unknown, token = fleet.adminToken): Promise<T> {
  const response = await fetch(`${fleet.product.baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

/** Registers the test engine as a Docker API host and as an SSH host (host key pinned), through the API. */
export async function registerHosts(fleet: Fleet): Promise<{ tcpId: number; sshId: number }> {
  const tcp = await api<{ id: number }>(fleet, 'POST', '/api/docker/hosts', { name: `${fleet.prefix} tcp`, url: fleet.env.dockerTcpUrl });
  const ssh = await api<{ id: number }>(fleet, 'POST', '/api/docker-ssh/hosts', {
    name: `${fleet.prefix}-ssh`,
    host: fleet.env.ssh.host,
    port: fleet.env.ssh.port,
    username: fleet.env.ssh.username,
    privateKey: fleet.env.ssh.privateKey,
    hostKeyFingerprint: fleet.env.ssh.hostKeyFingerprint,
  });
  return { tcpId: tcp.id, sshId: ssh.id };
}

export async function createMember(fleet: Fleet, username: string, password: string): Promise<void> {
  await api(fleet, 'POST', '/api/users', { username, password, role: 'member' });
}

/** The console's login form, as a user fills it. */
export async function logIn(page: Page, fleet: Fleet, username = fleet.product.adminUsername, password = fleet.product.adminPassword): Promise<void> {
  await page.goto(`${fleet.product.baseUrl}/login`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForURL(/\/containers/);
}

/** The container state as the engine itself reports it: the ground truth for an action. */
export async function engineState(name: string): Promise<string> {
  return (await docker(['inspect', '-f', '{{.State.Status}}', name])).trim();
}

function runProcess(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}
