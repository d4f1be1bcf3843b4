import { existsSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { docker } from '../../testing/test-env';
import { inspectToContainer } from '../src/containers/inspect-to-container';
import { createTestApp, type TestApp } from './test-app';
import { createHost, targetBody, testEnv } from './docker-ssh.helpers';

// Container operations through the real sshd, checked against the real engine with the local
// docker CLI. Containers are named with this file's prefix and removed afterwards.
const PREFIX = `an-sshc-${randomBytes(3).toString('hex')}`;

interface InspectState {
  Id: string;
  State: { Status: string; StartedAt: string };
}

async function inspectLocal(name: string): Promise<InspectState & Record<string, unknown>> {
  return (JSON.parse(await docker(['inspect', '--type', 'container', name])) as (InspectState & Record<string, unknown>)[])[0];
}

describe('docker-ssh containers', () => {
  let t: TestApp;
  let admin: { authorization: string };
  let member: { authorization: string };
  let hostId: number;
  let base: string;
  const web = `${PREFIX}-web`;
  const stopped = `${PREFIX}-stopped`;

  beforeAll(async () => {
    await docker([
      'run', '-d', '--name', web, '-e', 'DB_PASSWORD=hunter2', '-e', 'MODE=test', '-l', 'archnest.test=ssh', '-l', 'team=a,b',
      '-p', '127.0.0.1::8080', '--restart', 'unless-stopped', '--stop-timeout', '1', testEnv.image,
      'sh', '-c', 'echo out-line; echo err-line >&2; sleep 0.3; echo last-line; exec sleep 3600',
    ]);
    await docker(['create', '--name', stopped, testEnv.image, 'true']);
    t = await createTestApp();
    admin = await t.login();
    member = await t.userHeaders('member');
    hostId = await createHost(t, admin, targetBody('engine'));
    base = `/api/docker-ssh/hosts/${hostId}/containers`;
  });

  afterAll(async () => {
    await t.close();
    for (const name of [web, stopped, `${PREFIX}-doomed`]) await docker(['rm', '-f', name]).catch(() => undefined);
  });

  const get = (path: string, headers = admin) => t.app.inject({ method: 'GET', url: path, headers });
  const post = (path: string) => t.app.inject({ method: 'POST', url: path, headers: admin });

  it('lists every container, running or not, in the shared summary shape', async () => {
    const res = await get(base, member);
    expect(res.statusCode).toBe(200);
    const rows = res.json() as { id: string; name: string }[];
    const local = await inspectLocal(web);
    const row = rows.find((r) => r.name === web);
    expect(row).toEqual({
      id: local.Id, name: web, image: testEnv.image, imageId: null, state: 'running', status: expect.stringMatching(/^Up /), health: 'none',
      createdAt: expect.any(String), startedAt: null,
      ports: [{ hostIp: '127.0.0.1', hostPort: expect.any(Number), containerPort: 8080, proto: 'tcp' }],
      labels: { 'archnest.test': 'ssh', team: 'a,b' },
      stats: null,
    });
    expect(rows.find((r) => r.name === stopped)).toMatchObject({ state: 'created', status: 'Created' });
  });

  it('answers the detail docker inspect describes, env masked', async () => {
    const res = await get(`${base}/${web}`, member);
    expect(res.statusCode).toBe(200);
    const local = await inspectLocal(web);
    expect(res.json()).toEqual(inspectToContainer(local));
    const detail = res.json();
    expect(detail.env).toEqual(expect.arrayContaining([{ key: 'DB_PASSWORD', value: '********' }, { key: 'MODE', value: 'test' }]));
    expect(res.body).not.toContain('hunter2');
    expect(detail).toMatchObject({ id: local.Id, name: web, state: 'running', restartPolicy: 'unless-stopped', labels: { team: 'a,b' } });
    // By id prefix too.
    expect((await get(`${base}/${local.Id.slice(0, 12)}`)).json().id).toBe(local.Id);
    const missing = await get(`${base}/${PREFIX}-nope`);
    expect([missing.statusCode, missing.json().message]).toEqual([404, `No container '${PREFIX}-nope' on 'engine' (${testEnv.ssh.username}@${testEnv.ssh.host}:${testEnv.ssh.port})`]);
  });

  it('answers log lines from stdout and stderr, with tail and timestamps', async () => {
    const id = (await inspectLocal(web)).Id;
    let res = await get(`${base}/${web}/logs`, member);
    for (let i = 0; i < 20 && res.json().lines?.length < 3; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      res = await get(`${base}/${web}/logs`, member);
    }
    expect(res.statusCode).toBe(200);
    // The engine reads a container's stdout and stderr on separate pipes: their relative order is its own.
    const { lines } = res.json();
    expect(res.json()).toEqual({ id, lines: expect.any(Array), tail: 200 });
    expect([[...lines.slice(0, 2)].sort(), lines[2]]).toEqual([['err-line', 'out-line'], 'last-line']);
    const one = await get(`${base}/${web}/logs?tail=1&timestamps=true`);
    expect(one.json().lines).toEqual([expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d+Z last-line$/)]);
    for (const query of ['tail=0', 'tail=5001', 'tail=abc', 'tail=1.5', 'timestamps=yes', 'since=1']) {
      expect([query, (await get(`${base}/${web}/logs?${query}`)).statusCode]).toEqual([query, 400]);
    }
  });

  it('answers one stats snapshot', async () => {
    const res = await get(`${base}/${web}/stats`, member);
    expect(res.statusCode).toBe(200);
    const stats = res.json();
    expect(stats).toEqual({
      cpuPercent: expect.any(Number), memUsage: expect.any(Number), memLimit: expect.any(Number),
      netRxBytes: expect.any(Number), netTxBytes: expect.any(Number), blockReadBytes: expect.any(Number), blockWriteBytes: expect.any(Number),
    });
    expect(stats.memUsage).toBeGreaterThan(0);
    expect(stats.memLimit).toBeGreaterThanOrEqual(stats.memUsage);
  });

  it('runs every action and reads the state back, as docker inspect confirms', async () => {
    const id = (await inspectLocal(web)).Id;
    const act = async (verb: string) => {
      const res = await post(`${base}/${web}/${verb}`);
      return { status: res.statusCode, body: res.json(), engine: (await inspectLocal(web)).State.Status };
    };
    expect(await act('pause')).toEqual({ status: 200, body: { action: 'pause', id, state: 'paused' }, engine: 'paused' });
    const again = await act('pause');
    expect([again.status, again.body.message, again.engine]).toEqual([409, expect.stringContaining('is already paused'), 'paused']);
    expect(await act('unpause')).toEqual({ status: 200, body: { action: 'unpause', id, state: 'running' }, engine: 'running' });
    expect(await act('stop')).toEqual({ status: 200, body: { action: 'stop', id, state: 'exited' }, engine: 'exited' });
    expect(await act('stop')).toEqual({ status: 200, body: { action: 'stop', id, state: 'exited', note: 'the container was not running' }, engine: 'exited' });
    expect(await act('start')).toEqual({ status: 200, body: { action: 'start', id, state: 'running' }, engine: 'running' });
    expect(await act('start')).toEqual({ status: 200, body: { action: 'start', id, state: 'running', note: 'the container was already running' }, engine: 'running' });
    const startedBefore = (await inspectLocal(web)).State.StartedAt;
    expect(await act('restart')).toEqual({ status: 200, body: { action: 'restart', id, state: 'running' }, engine: 'running' });
    expect((await inspectLocal(web)).State.StartedAt).not.toBe(startedBefore);
    const unknown = await post(`${base}/${web}/kill`);
    expect([unknown.statusCode, unknown.json().message]).toEqual([400, 'action must be one of start, stop, restart, pause, unpause']);
  });

  it('removes a container only with force while it runs', async () => {
    const doomed = `${PREFIX}-doomed`;
    await docker(['run', '-d', '--name', doomed, testEnv.image, 'sleep', '3600']);
    const id = (await inspectLocal(doomed)).Id;
    const refused = await t.app.inject({ method: 'DELETE', url: `${base}/${doomed}`, headers: admin });
    expect([refused.statusCode, refused.json().message]).toEqual([409, expect.stringContaining('cannot remove a running container')]);
    expect((await inspectLocal(doomed)).Id).toBe(id);
    const removed = await t.app.inject({ method: 'DELETE', url: `${base}/${doomed}?force=true`, headers: admin });
    expect([removed.statusCode, removed.json()]).toEqual([200, { action: 'remove', id, state: 'removed' }]);
    await expect(inspectLocal(doomed)).rejects.toThrow(/No such container/);
    expect((await t.app.inject({ method: 'DELETE', url: `${base}/${doomed}?force=true`, headers: admin })).statusCode).toBe(404);
  });

  it('refuses injection-shaped refs with 400 and leaves no trace on the host', async () => {
    const marker = `/tmp/archnest-pwned-${randomBytes(4).toString('hex')}`;
    const refs = [
      `a;touch ${marker}`, `$(touch ${marker})`, `\`touch ${marker}\``, `a|touch ${marker}`, `a&&touch ${marker}`, `a\ntouch ${marker}`,
      `'; touch ${marker}; '`, `-rf`, `.hidden`, `${web} ${web}`, `a'b`, `web\u0000`, `wéb`, `web；id`, 'x'.repeat(129),
    ];
    for (const ref of refs) {
      const encoded = encodeURIComponent(ref);
      const answers = [
        await get(`${base}/${encoded}`),
        await get(`${base}/${encoded}/logs`),
        await get(`${base}/${encoded}/stats`),
        await post(`${base}/${encoded}/restart`),
        await t.app.inject({ method: 'DELETE', url: `${base}/${encoded}?force=true`, headers: admin }),
      ];
      expect({ ref, statuses: answers.map((a) => a.statusCode) }).toEqual({ ref, statuses: [400, 400, 400, 400, 400] });
      expect(answers[0].json().message).toMatch(/^ref must be a container id/);
    }
    expect(existsSync(marker)).toBe(false);
    // The container the refs named next to the injection is untouched.
    expect((await inspectLocal(web)).State.Status).toBe('running');
  });

  it('reuses one pooled connection across requests', async () => {
    const headers = admin;
    const before = await t.app.inject({ method: 'GET', url: base, headers });
    expect(before.statusCode).toBe(200);
    const { SshConnectionPool } = await import('../src/docker-ssh/ssh-connection-pool');
    const pool = t.app.get(SshConnectionPool);
    const handshakes = pool.stats().handshakes;
    await Promise.all(Array.from({ length: 12 }, () => t.app.inject({ method: 'GET', url: `${base}/${web}`, headers })));
    expect(pool.stats().handshakes).toBe(handshakes);
  });
});
