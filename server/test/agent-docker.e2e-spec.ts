import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { docker, loadTestEnv } from '../../testing/test-env';
import { AGENT_TOKEN } from './agent-fixtures';
import { createTestApp, type TestApp } from './test-app';

/**
 * End to end on real parts: containers on the real Docker engine, the real agent script run as
 * a child process against the real server on a loopback port, and the API's answers compared
 * with `docker inspect` field by field.
 */
jest.setTimeout(120_000);

const SCRIPT = resolve(__dirname, '../../agent/archnest-docker-agent.sh');
const STALE_MS = 3000;
const SECRET = 'hunter2-agent-e2e-secret';
const prefix = `an-agent-e2e-${process.pid}-${Date.now().toString(36)}`;
const label = `archnest.test.run=${prefix}`;
const hostId = `${prefix}-host`;
const volume = `${prefix}-vol`;
const names = { web: `${prefix}-web`, exited: `${prefix}-exited`, paused: `${prefix}-paused`, entry: `${prefix}-entry` };
const work = mkdtempSync(join(tmpdir(), 'archnest-agent-e2e-'));
const bindDir = join(work, 'bind');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Spawned, never spawnSync: the server answering the agent lives in this very process. */
function runAgent(env: Record<string, string>): Promise<Run> {
  return new Promise((done, fail) => {
    const child = spawn(SCRIPT, [], {
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: work, TMPDIR: work, DOCKER_HOST: 'unix:///var/run/docker.sock', ARCHNEST_AGENT_ENV_FILE: join(work, 'agent.env'), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 90_000,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', fail);
    child.on('close', (code) => done({ code: code ?? -1, stdout, stderr }));
  });
}

const zeroTimeToNull = (t: string | undefined) => (!t || t.startsWith('0001-01-01') ? null : t);
const maskIfSecret = (key: string, value: string | null) => (/(PASS|SECRET|TOKEN|KEY|PRIVATE|CREDENTIAL)/i.test(key) ? '********' : value);
const byJson = <T>(rows: T[]) => [...rows].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

/** What the API should say about a container, written from `docker inspect` independently of the agent's jq. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function expectedFromInspect(i: any): Record<string, unknown> {
  const ports = Object.entries((i.NetworkSettings.Ports ?? {}) as Record<string, { HostIp: string; HostPort: string }[] | null>).flatMap(([key, bindings]) => {
    const [port, proto] = key.split('/');
    if (!bindings?.length) return [{ hostIp: null, hostPort: null, containerPort: Number(port), proto }];
    return bindings.map((b) => ({ hostIp: b.HostIp || null, hostPort: b.HostPort ? Number(b.HostPort) : null, containerPort: Number(port), proto }));
  });
  return {
    id: i.Id,
    name: i.Name.replace(/^\//, ''),
    image: i.Config.Image,
    imageId: i.Image,
    state: i.State.Status,
    createdAt: i.Created,
    startedAt: zeroTimeToNull(i.State.StartedAt),
    finishedAt: zeroTimeToNull(i.State.FinishedAt),
    exitCode: i.State.ExitCode,
    restartCount: i.RestartCount,
    restartPolicy: i.HostConfig.RestartPolicy.Name || 'no',
    health: i.State.Health?.Status ?? 'none',
    ports: byJson(ports),
    networks: Object.entries(i.NetworkSettings.Networks as Record<string, { IPAddress: string }>).map(([name, n]) => ({ name, ip: n.IPAddress || null })),
    mounts: byJson((i.Mounts as { Type: string; Name?: string; Source: string; Destination: string; RW: boolean }[]).map((m) => ({
      type: m.Type, source: m.Type === 'volume' ? m.Name : m.Source, destination: m.Destination, rw: m.RW,
    }))),
    env: ((i.Config.Env ?? []) as string[]).map((line) => {
      const at = line.indexOf('=');
      const key = at < 0 ? line : line.slice(0, at);
      return { key, value: maskIfSecret(key, at < 0 ? null : line.slice(at + 1)) };
    }),
    labels: i.Config.Labels ?? {},
  };
}

describe('push agent → server → API, on the real Docker engine (e2e)', () => {
  let t: TestApp;
  let url: string;
  let member: { authorization: string };
  const agentEnv = () => ({ ARCHNEST_URL: url, ARCHNEST_AGENT_TOKEN: AGENT_TOKEN, ARCHNEST_HOST_ID: hostId, ARCHNEST_HOSTNAME: 'e2e-docker-host' });
  const api = async (path: string) => {
    const res = await t.app.inject({ method: 'GET', url: `/api/agents/docker/hosts${path}`, headers: member });
    return { status: res.statusCode, body: res.body, json: res.statusCode === 200 ? res.json() : undefined };
  };
  const hostRow = async () => (await api('')).json.find((h: { hostId: string }) => h.hostId === hostId);

  beforeAll(async () => {
    const image = loadTestEnv().image;
    writeFileSync(join(work, 'agent.env'), '', { mode: 0o600 });
    mkdirSync(bindDir);
    await docker(['volume', 'create', '--label', label, volume]);
    await docker([
      'run', '-d', '--name', names.web, '--label', label, '--label', 'com.example.note=hello world',
      '-p', '127.0.0.1::80', '-v', `${volume}:/data`, '-v', `${bindDir}:/ro:ro`,
      '-e', `DB_PASSWORD=${SECRET}`, '-e', `api_token=${SECRET}`, '-e', 'NODE_ENV=production',
      '--restart', 'unless-stopped', '--health-cmd', 'true', '--health-interval', '1s',
      image, 'sleep', '3600',
    ]);
    // `docker run` without -d waits and returns the container's exit code: 3.
    await docker(['run', '--name', names.exited, '--label', label, image, 'sh', '-c', 'exit 3']).catch((e: Error) => {
      if (!/exit 3\)/.test(e.message)) throw e;
    });
    await docker(['run', '-d', '--name', names.paused, '--label', label, image, 'sleep', '3600']);
    await docker(['pause', names.paused]);
    await docker(['run', '-d', '--name', names.entry, '--label', label, '--expose', '9000', '--entrypoint', 'sleep', image, '3600']);
    for (let i = 0; i < 80 && (await docker(['inspect', '-f', '{{.State.Health.Status}}', names.web])).trim() !== 'healthy'; i++) {
      await new Promise((r) => setTimeout(r, 250));
    }

    t = await createTestApp({ ARCHNEST_AGENT_TOKEN: AGENT_TOKEN, ARCHNEST_AGENT_STALE_MS: String(STALE_MS) });
    await t.app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    member = await t.userHeaders('member');
  });

  afterAll(async () => {
    const ids = (await docker(['ps', '-aq', '--filter', `label=${label}`])).split('\n').filter(Boolean);
    if (ids.length) await docker(['rm', '-f', '-v', ...ids]);
    await docker(['volume', 'rm', '-f', volume]).catch(() => undefined);
    await t?.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('the agent reports; the API matches docker inspect field by field for running, exited, paused and entrypoint containers', async () => {
    const run = await runAgent(agentEnv());
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
    expect(run.stdout).toMatch(new RegExp(`^reported \\d+ container\\(s\\) as '${hostId}' \\(HTTP 200\\)\\n$`));
    expect(run.stdout + run.stderr).not.toContain(AGENT_TOKEN);

    const row = await hostRow();
    expect(row).toMatchObject({ hostname: 'e2e-docker-host', agentVersion: '1', stale: false, clockSkewWarning: false });
    expect(row.containerCount).toBe(Number(/reported (\d+)/.exec(run.stdout)![1]));
    const list = await api(`/${hostId}/containers`);
    expect(list.status).toBe(200);
    const listed = new Map<string, Record<string, unknown>>(list.json.map((c: { name: string }) => [c.name, c]));

    for (const name of Object.values(names)) {
      const inspect = JSON.parse(await docker(['inspect', name]))[0];
      const expected = expectedFromInspect(inspect);
      const detail = await api(`/${hostId}/containers/${name}`);
      expect({ name, status: detail.status }).toEqual({ name, status: 200 });
      const got = { ...detail.json, ports: byJson(detail.json.ports), mounts: byJson(detail.json.mounts) };
      for (const [field, value] of Object.entries(expected)) {
        expect({ name, field, value: got[field] }).toEqual({ name, field, value });
      }
      // The summary row carries the same values for the columns it has.
      expect(listed.get(name)).toMatchObject({ id: expected.id, state: expected.state, image: expected.image, health: expected.health });
      // The same container by unique id prefix (12 characters, as docker ps shows it).
      expect((await api(`/${hostId}/containers/${inspect.Id.slice(0, 12)}`)).json.name).toBe(name);
    }

    const web = (await api(`/${hostId}/containers/${names.web}`)).json;
    expect(web).toMatchObject({ state: 'running', health: 'healthy', restartPolicy: 'unless-stopped', command: 'sleep 3600', entrypoint: null });
    expect(web.status).toMatch(/^Up /);
    expect(web.ports).toEqual([{ hostIp: '127.0.0.1', hostPort: expect.any(Number), containerPort: 80, proto: 'tcp' }]);
    expect(web.mounts).toEqual(expect.arrayContaining([
      { type: 'volume', source: volume, destination: '/data', rw: true },
      { type: 'bind', source: bindDir, destination: '/ro', rw: false },
    ]));
    expect(web.labels).toMatchObject({ 'archnest.test.run': prefix, 'com.example.note': 'hello world' });
    expect(web.stats).toMatchObject({ memUsage: expect.any(Number), memLimit: expect.any(Number), cpuPercent: expect.any(Number) });
    expect(web.stats.memUsage).toBeGreaterThan(0);

    const exited = (await api(`/${hostId}/containers/${names.exited}`)).json;
    expect(exited).toMatchObject({ state: 'exited', exitCode: 3, command: "sh -c 'exit 3'", stats: null, restartPolicy: 'no', health: 'none' });
    expect(exited.status).toMatch(/^Exited \(3\)/);
    expect((await api(`/${hostId}/containers/${names.paused}`)).json).toMatchObject({ state: 'paused' });
    expect((await api(`/${hostId}/containers/${names.entry}`)).json).toMatchObject({
      entrypoint: 'sleep', ports: [{ hostIp: null, hostPort: null, containerPort: 9000, proto: 'tcp' }],
    });
  });

  it('masks secrets: the value is in no API answer and not in the SQLite files', async () => {
    const web = await api(`/${hostId}/containers/${names.web}`);
    expect(web.json.env).toEqual(expect.arrayContaining([{ key: 'DB_PASSWORD', value: '********' }, { key: 'api_token', value: '********' }, { key: 'NODE_ENV', value: 'production' }]));
    for (const path of ['', `/${hostId}/containers`, `/${hostId}/containers/${names.web}`]) expect((await api(path)).body).not.toContain(SECRET);
    for (const file of readdirSync(t.dataDir).filter((f) => f.startsWith('archnest.sqlite'))) {
      expect({ file, leaked: readFileSync(join(t.dataDir, file)).includes(Buffer.from(SECRET)) }).toEqual({ file, leaked: false });
    }
  });

  it('turns stale after ARCHNEST_AGENT_STALE_MS without a report and fresh after the next run', async () => {
    const before = await hostRow();
    await new Promise((r) => setTimeout(r, Math.max(0, Date.parse(before.receivedAt) + STALE_MS + 200 - Date.now())));
    expect((await hostRow()).stale).toBe(true);
    const run = await runAgent(agentEnv());
    expect(run.code).toBe(0);
    const after = await hostRow();
    expect(after.stale).toBe(false);
    expect(Date.parse(after.receivedAt)).toBeGreaterThan(Date.parse(before.receivedAt));
  });

  it('a wrong token makes the agent fail with the HTTP status and the server message, storing nothing', async () => {
    const run = await runAgent({ ...agentEnv(), ARCHNEST_AGENT_TOKEN: 'wrong-token-0123456789abcdef', ARCHNEST_HOST_ID: `${prefix}-intruder` });
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('HTTP 401');
    expect(run.stderr).toContain('a valid agent token is required');
    expect(run.stderr).not.toContain('wrong-token-0123456789abcdef');
    expect((await api(`/${prefix}-intruder/containers`)).status).toBe(404);
  });
});
