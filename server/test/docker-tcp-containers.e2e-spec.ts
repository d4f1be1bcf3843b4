import { docker } from '../../testing/test-env';
import { inspectToContainer } from '../src/containers/inspect-to-container';
import { env, inspectJson, makeContainer, prefixFor, registerHost, removeByPrefix, stateOf, waitFor } from './docker-tcp.helpers';
import { createTestApp, type TestApp } from './test-app';

/** Container operations of the Docker API source against the real engine on tcp://127.0.0.1:23750. */
describe('Docker API containers (e2e, real engine)', () => {
  const prefix = prefixFor('containers');
  let t: TestApp;
  let admin: { authorization: string };
  let member: { authorization: string };
  let hostId: number;
  let webId: string;
  let base: string;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.login();
    member = await t.userHeaders('member');
    hostId = await registerHost(t, admin, { name: 'local-tcp', url: env.dockerTcpUrl });
    base = `/api/docker/hosts/${hostId}/containers`;
    webId = await makeContainer(`${prefix}web`, ['sh', '-c', 'echo out-1; sleep 0.3; echo err-1 >&2; sleep 0.3; echo out-2; exec sleep 600'], {
      runArgs: ['-e', 'DB_PASSWORD=hunter2', '-e', 'API_TOKEN=t0k3n', '-e', 'MODE=prod', '-l', 'com.example.role=web', '-p', '127.0.0.1::80', '--restart', 'unless-stopped'],
    });
    await makeContainer(`${prefix}created`, ['true'], { created: true });
    await makeContainer(`${prefix}exited`, ['sh', '-c', 'exit 3']);
    await waitFor(async () => (await stateOf(`${prefix}exited`)) === 'exited', 10_000, 'exited container');
    await waitFor(async () => (await docker(['logs', `${prefix}web`])).includes('out-2'), 10_000, 'web logs');
  });

  afterAll(async () => {
    await removeByPrefix(prefix);
    await t.close();
  });

  const get = (url: string, headers = admin) => t.app.inject({ method: 'GET', url, headers });
  const post = (url: string, headers = admin) => t.app.inject({ method: 'POST', url, headers });

  it('lists containers in every state, with names, states and ports as the engine reports them', async () => {
    const res = await get(base, member);
    expect(res.statusCode).toBe(200);
    const mine = (res.json() as { name: string }[]).filter((c) => c.name.startsWith(prefix));
    const byName = Object.fromEntries(mine.map((c) => [c.name.slice(prefix.length), c])) as Record<string, any>;
    expect(Object.keys(byName).sort()).toEqual(['created', 'exited', 'web']);
    expect(byName.web).toMatchObject({ id: webId, state: 'running', image: env.image, health: 'none', stats: null, startedAt: null, labels: { 'com.example.role': 'web' } });
    expect(byName.web.status).toMatch(/^Up /);
    expect(byName.web.ports).toEqual([{ hostIp: '127.0.0.1', hostPort: expect.any(Number), containerPort: 80, proto: 'tcp' }]);
    expect(byName.created.state).toBe('created');
    expect(byName.exited).toMatchObject({ state: 'exited', status: expect.stringMatching(/^Exited \(3\)/) });
  });

  it('answers the detail in the shared shape, equal to the mapping of `docker inspect`, env masked', async () => {
    const res = await get(`${base}/${prefix}web`, member);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    const cli = await inspectJson(`${prefix}web`);
    expect(body).toEqual({ ...inspectToContainer(cli), status: expect.stringMatching(/^Up /) });
    // Spot checks against the raw CLI document, so the mapper itself is checked too.
    expect(body.id).toBe(cli.Id);
    expect(body.name).toBe(`${prefix}web`);
    expect(body.imageId).toBe(cli.Image);
    expect(body.startedAt).toBe(cli.State.StartedAt);
    expect(body.restartPolicy).toBe('unless-stopped');
    expect(body.command).toBe("sh -c 'echo out-1; sleep 0.3; echo err-1 >&2; sleep 0.3; echo out-2; exec sleep 600'");
    expect(body.networks).toEqual([{ name: 'bridge', ip: cli.NetworkSettings.Networks.bridge.IPAddress }]);
    const envMap = Object.fromEntries(body.env.map((e: { key: string; value: string }) => [e.key, e.value]));
    expect(envMap).toMatchObject({ DB_PASSWORD: '********', API_TOKEN: '********', MODE: 'prod' });
    expect(res.body).not.toContain('hunter2');
    expect(res.body).not.toContain('t0k3n');
  });

  it('resolves a unique id prefix and the full id to the same container', async () => {
    for (const ref of [webId, webId.slice(0, 12), webId.slice(0, 20)]) {
      const res = await get(`${base}/${ref}`);
      expect({ ref, status: res.statusCode, id: res.json().id }).toEqual({ ref, status: 200, id: webId });
    }
  });

  it('answers 409 for an id prefix that matches several containers', async () => {
    // Make containers until two of ours share a first hex digit (pigeonhole: at most 17).
    const ids: string[] = [];
    let shared: string | null = null;
    for (let i = 0; i < 17 && !shared; i++) {
      const id = await makeContainer(`${prefix}amb-${i}`, ['true'], { created: true });
      shared = ids.find((other) => other[0] === id[0])?.[0] ?? null;
      ids.push(id);
    }
    expect(shared).not.toBeNull();
    const res = await get(`${base}/${shared}`);
    expect(res.statusCode).toBe(409);
    expect(res.json().message).toMatch(/matches several containers/);
  });

  it('refuses refs that could walk to another Engine API path, before any engine call', async () => {
    for (const ref of ['..%2F..%2Fversion', '.hidden', '-rf', 'a%20b', 'a%3Fb', 'a%00', '%2e%2e%2fjson']) {
      const res = await get(`${base}/${ref}`);
      expect({ ref, status: res.statusCode }).toEqual({ ref, status: 400 });
    }
    // A bare encoded dot-dot segment is normalised away by the router: no container route matches.
    const dots = await get(`${base}/%2e%2e`);
    expect(dots.statusCode).toBe(404);
    expect(dots.json().message).toMatch(/^No route/);
    // Fastify itself refuses path parameters over 100 characters (414) before our pipe sees them.
    expect([400, 414]).toContain((await get(`${base}/${'x'.repeat(129)}`)).statusCode);
  });

  it('answers 404 for an unknown container and an unknown host', async () => {
    const res = await get(`${base}/${prefix}nope`);
    expect(res.statusCode).toBe(404);
    expect(res.json().message).toContain(`No container '${prefix}nope'`);
    expect((await get('/api/docker/hosts/9999/containers')).statusCode).toBe(404);
  });

  it('returns demultiplexed logs with tail and timestamps', async () => {
    const all = await get(`${base}/${prefix}web/logs?tail=200`, member);
    expect(all.statusCode).toBe(200);
    expect(all.json()).toEqual({ id: webId, lines: ['out-1', 'err-1', 'out-2'], tail: 200 });
    const last = (await get(`${base}/${prefix}web/logs?tail=1`)).json();
    expect(last.lines).toEqual(['out-2']);
    const stamped = (await get(`${base}/${prefix}web/logs?tail=2&timestamps=true`)).json();
    expect(stamped.lines).toHaveLength(2);
    for (const line of stamped.lines) expect(line).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z (err-1|out-2)$/);
  });

  it('reads the raw log stream of a TTY container', async () => {
    await makeContainer(`${prefix}tty`, ['sh', '-c', 'echo tty-line-1; echo tty-line-2; exec sleep 600'], { runArgs: ['-t'] });
    await waitFor(async () => (await docker(['logs', `${prefix}tty`])).includes('tty-line-2'), 10_000, 'tty logs');
    const res = await get(`${base}/${prefix}tty/logs`);
    expect(res.json().lines).toEqual(['tty-line-1', 'tty-line-2']);
  });

  it('validates the logs query', async () => {
    for (const q of ['tail=0', 'tail=5001', 'tail=abc', 'timestamps=maybe', 'follow=true']) {
      expect({ q, status: (await get(`${base}/${prefix}web/logs?${q}`)).statusCode }).toEqual({ q, status: 400 });
    }
  });

  it('samples stats of a running container and answers nulls for a stopped one', async () => {
    await makeContainer(`${prefix}busy`, ['sh', '-c', 'while :; do :; done']);
    const res = await get(`${base}/${prefix}busy/stats`, member);
    expect(res.statusCode).toBe(200);
    const s = res.json();
    // One busy thread: clearly above idle (the machine may be shared), never above one full core.
    expect(s.cpuPercent).toBeGreaterThan(5);
    expect(s.cpuPercent).toBeLessThanOrEqual(110);
    expect(s.memUsage).toBeGreaterThan(0);
    expect(s.memLimit).toBeGreaterThan(s.memUsage);
    expect(s.netRxBytes).toBeGreaterThanOrEqual(0);
    expect(s.blockReadBytes).toBeGreaterThanOrEqual(0);
    await docker(['rm', '-f', `${prefix}busy`]);
    const stopped = (await get(`${base}/${prefix}exited/stats`)).json();
    expect(stopped).toEqual({ cpuPercent: null, memUsage: null, memLimit: null, netRxBytes: null, netTxBytes: null, blockReadBytes: null, blockWriteBytes: null });
  });

  it('runs every action and the engine agrees on the state afterwards', async () => {
    const id = await makeContainer(`${prefix}act`, ['sleep', '600'], { runArgs: ['--stop-timeout', '1'] });
    const act = async (action: string) => {
      const res = await post(`${base}/${prefix}act/${action}`);
      expect({ action, status: res.statusCode }).toEqual({ action, status: 200 });
      return res.json();
    };
    expect(await act('pause')).toEqual({ action: 'pause', id, state: 'paused' });
    expect(await stateOf(id)).toBe('paused');
    expect(await act('unpause')).toEqual({ action: 'unpause', id, state: 'running' });
    expect(await stateOf(id)).toBe('running');
    expect(await act('stop')).toEqual({ action: 'stop', id, state: 'exited' });
    expect(await stateOf(id)).toBe('exited');
    expect(await act('start')).toEqual({ action: 'start', id, state: 'running' });
    expect(await stateOf(id)).toBe('running');
    const before = (await inspectJson(id)).State.StartedAt;
    expect(await act('restart')).toEqual({ action: 'restart', id, state: 'running' });
    const after = await inspectJson(id);
    expect(after.State.Status).toBe('running');
    expect(after.State.StartedAt).not.toBe(before);
  });

  it('treats reaching the target state as a no-op with a note, and refuses actions that make no sense with 409', async () => {
    await makeContainer(`${prefix}noop`, ['sleep', '600'], { runArgs: ['--stop-timeout', '1'] });
    const start = await post(`${base}/${prefix}noop/start`);
    expect(start.statusCode).toBe(200);
    expect(start.json()).toMatchObject({ state: 'running', note: expect.stringContaining('already running') });
    expect((await post(`${base}/${prefix}noop/unpause`)).json().note).toContain('not paused');
    const pauseStopped = await post(`${base}/${prefix}exited/pause`);
    expect(pauseStopped.statusCode).toBe(409);
    expect(pauseStopped.json().message).toMatch(/is not running/);
    expect((await post(`${base}/${prefix}exited/unpause`)).statusCode).toBe(409);
    expect((await post(`${base}/${prefix}exited/stop`)).json().note).toContain('already stopped');
    await post(`${base}/${prefix}noop/pause`);
    const startPaused = await post(`${base}/${prefix}noop/start`);
    expect(startPaused.statusCode).toBe(409);
    expect(startPaused.json().message).toMatch(/unpause/);
    expect(await stateOf(`${prefix}noop`)).toBe('paused');
  });

  it('removes a container: 409 while running without force, 204 with force, then it is gone', async () => {
    await makeContainer(`${prefix}rm`, ['sleep', '600']);
    const refused = await t.app.inject({ method: 'DELETE', url: `${base}/${prefix}rm`, headers: admin });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().message).toMatch(/force=true/);
    expect(await stateOf(`${prefix}rm`)).toBe('running');
    const removed = await t.app.inject({ method: 'DELETE', url: `${base}/${prefix}rm?force=true`, headers: admin });
    expect(removed.statusCode).toBe(204);
    await expect(docker(['inspect', `${prefix}rm`])).rejects.toThrow(/No such/i);
    const stopped = await makeContainer(`${prefix}rm2`, ['true'], { created: true });
    expect((await t.app.inject({ method: 'DELETE', url: `${base}/${stopped.slice(0, 16)}`, headers: admin })).statusCode).toBe(204);
  });

  it('lets a member read but not change anything, and an anonymous caller nothing at all', async () => {
    for (const action of ['start', 'stop', 'restart', 'pause', 'unpause']) {
      const res = await post(`${base}/${prefix}web/${action}`, member);
      expect({ action, status: res.statusCode }).toEqual({ action, status: 403 });
    }
    expect((await t.app.inject({ method: 'DELETE', url: `${base}/${prefix}web?force=true`, headers: member })).statusCode).toBe(403);
    expect(await stateOf(`${prefix}web`)).toBe('running');
    for (const url of [base, `${base}/${prefix}web`, `${base}/${prefix}web/logs`, `${base}/${prefix}web/stats`]) {
      expect({ url, status: (await t.app.inject({ method: 'GET', url })).statusCode }).toEqual({ url, status: 401 });
    }
    expect((await t.app.inject({ method: 'POST', url: `${base}/${prefix}web/stop` })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'DELETE', url: `${base}/${prefix}web` })).statusCode).toBe(401);
  });
});
