import { randomBytes } from 'node:crypto';
import { docker, loadTestEnv } from '../../testing/test-env';
import type { TestApp } from './test-app';

/**
 * Helpers of the Docker API (TCP) e2e specs. Containers are made on the shared real engine
 * with a per-file prefix, and only containers with that prefix are ever removed.
 */
export const env = loadTestEnv();

export function prefixFor(file: string): string {
  return `an-dtcp-${file}-${process.pid}-${randomBytes(3).toString('hex')}-`;
}

export async function registerHost(t: TestApp, admin: { authorization: string }, body: Record<string, unknown>): Promise<number> {
  const res = await t.app.inject({ method: 'POST', url: '/api/docker/hosts', headers: admin, payload: body });
  if (res.statusCode !== 201) throw new Error(`registering ${JSON.stringify(body.url)} failed: ${res.statusCode} ${res.body}`);
  return res.json().id as number;
}

/** `docker run -d` (or `docker create` when `created`), returning the full id. */
export async function makeContainer(name: string, args: string[], options: { created?: boolean; runArgs?: string[] } = {}): Promise<string> {
  const verb = options.created ? 'create' : 'run';
  const detach = options.created ? [] : ['-d'];
  const out = await docker([verb, ...detach, '--name', name, ...(options.runArgs ?? []), env.image, ...args]);
  return out.trim().split('\n').pop()!.trim();
}

export async function inspectJson(ref: string): Promise<Record<string, any>> {
  return JSON.parse(await docker(['inspect', ref]))[0];
}

export async function stateOf(ref: string): Promise<string> {
  return (await docker(['inspect', '-f', '{{.State.Status}}', ref])).trim();
}

export async function removeByPrefix(prefix: string): Promise<void> {
  const ids = (await docker(['ps', '-aq', '--filter', `name=^${prefix}`])).split('\n').filter(Boolean);
  if (ids.length > 0) await docker(['rm', '-f', ...ids]);
}

export async function waitFor(check: () => Promise<boolean>, timeoutMs = 10_000, label = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${label}`);
}
