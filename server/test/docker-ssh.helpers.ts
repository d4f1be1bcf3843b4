// Shared by the docker-ssh e2e specs: the real sshd of the test environment and host bodies for it.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadTestEnv } from '../../testing/test-env';
import type { TestApp } from './test-app';

export const testEnv = loadTestEnv();
export const ssh = testEnv.ssh;

/** A host body for the target sshd, logging in with the ed25519 key and the pinned fingerprint. */
export function targetBody(name: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { name, host: ssh.host, port: ssh.port, username: ssh.username, privateKey: ssh.privateKey, hostKeyFingerprint: ssh.hostKeyFingerprint, ...overrides };
}

export function jumpBody(name: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return targetBody(name, { port: ssh.jumpPort, hostKeyFingerprint: ssh.jumpHostKeyFingerprint, ...overrides });
}

export async function createHost(t: TestApp, headers: Record<string, string>, body: Record<string, unknown>): Promise<number> {
  const res = await t.app.inject({ method: 'POST', url: '/api/docker-ssh/hosts', headers, payload: body });
  if (res.statusCode !== 201) throw new Error(`creating SSH host ${String(body.name)} failed: ${res.statusCode} ${res.body}`);
  return res.json().id as number;
}

/** A fresh ed25519 key that no server authorizes. */
export function unauthorizedKey(): string {
  const dir = mkdtempSync(join(tmpdir(), 'archnest-key-'));
  try {
    const made = spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'k')]);
    if (made.status !== 0) throw new Error(`ssh-keygen failed: ${made.stderr.toString()}`);
    return readFileSync(join(dir, 'k'), 'utf8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Established TCP connections to a local port, with the owning process name (`ss -tnp`). */
export function connectionsTo(port: number): { local: string; process: string; pid: number }[] {
  const out = spawnSync('ss', ['-Htnp', 'state', 'established', `( dport = :${port} )`]).stdout.toString();
  return out
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const cols = line.trim().split(/\s+/);
      const owner = /users:\(\("([^"]+)",pid=(\d+)/.exec(line);
      return { local: cols[2] ?? '', process: owner?.[1] ?? '', pid: Number(owner?.[2] ?? 0) };
    });
}
