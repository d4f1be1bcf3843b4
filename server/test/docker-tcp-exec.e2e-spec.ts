import WebSocket from 'ws';
import { docker } from '../../testing/test-env';
import { env, makeContainer, prefixFor, registerHost, removeByPrefix, waitFor } from './docker-tcp.helpers';
import { createTestApp, type TestApp } from './test-app';

/** The exec WebSocket of the Docker API source: a real socket on a real port, a real shell in a real container. */
describe('Docker API exec WebSocket (e2e)', () => {
  const prefix = prefixFor('exec');
  let t: TestApp;
  let admin: { authorization: string };
  let member: { authorization: string };
  let hostId: number;
  let origin: string;
  let wsBase: string;

  beforeAll(async () => {
    t = await createTestApp({ ARCHNEST_ALLOWED_ORIGINS: 'https://console.example.com' });
    await t.app.listen(0, '127.0.0.1');
    const { port } = t.app.getHttpServer().address() as { port: number };
    origin = `http://127.0.0.1:${port}`;
    wsBase = `ws://127.0.0.1:${port}/api/docker/exec`;
    admin = await t.login();
    member = await t.userHeaders('member');
    hostId = await registerHost(t, admin, { name: 'local-tcp', url: env.dockerTcpUrl });
    await makeContainer(`${prefix}box`, ['sleep', '600']);
    await makeContainer(`${prefix}stopped`, ['true'], { created: true });
  });

  afterAll(async () => {
    await removeByPrefix(prefix);
    await t.close();
  });

  const token = (headers: { authorization: string }) => headers.authorization.replace('Bearer ', '');

  /** Opens a terminal and collects what the server sends. */
  function open(query: string, options: { headers?: { authorization: string }; origin?: string; viaQuery?: boolean } = {}) {
    const auth = options.headers ?? admin;
    const url = `${wsBase}?${query}${options.viaQuery ? `&token=${token(auth)}` : ''}`;
    const protocols = options.viaQuery ? [] : ['archnest.exec.v1', `bearer.${token(auth)}`];
    const socket = new WebSocket(url, protocols, { origin: options.origin ?? origin });
    const session = { socket, output: '', control: [] as Record<string, unknown>[], closed: null as null | { code: number; reason: string } };
    socket.on('message', (data: Buffer, isBinary: boolean) => {
      if (isBinary) session.output += data.toString('utf8');
      else session.control.push(JSON.parse(data.toString('utf8')));
    });
    socket.on('close', (code, reason) => (session.closed = { code, reason: reason.toString() }));
    socket.on('error', () => undefined);
    return session;
  }

  /** The HTTP status of a refused upgrade. */
  function refusedStatus(query: string, options: Parameters<typeof open>[1] = {}): Promise<{ status: number; body: string }> {
    const session = open(query, options);
    return new Promise((resolve, reject) => {
      session.socket.on('unexpected-response', (_req, res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      session.socket.on('open', () => reject(new Error('the upgrade was accepted')));
    });
  }

  const query = (ref: string, extra = '') => `hostId=${hostId}&ref=${ref}&cmd=sh&cols=100&rows=30${extra}`;

  it('runs commands, resizes the TTY, and ends with the exit code', async () => {
    const s = open(query(`${prefix}box`));
    await waitFor(async () => s.control.some((m) => m.type === 'ready'), 20_000, 'ready');
    expect(s.socket.protocol).toBe('archnest.exec.v1');
    s.socket.send(Buffer.from('echo hello-$((6*7)); stty size\n'));
    await waitFor(async () => /hello-42/.test(s.output) && /30 100/.test(s.output), 20_000, 'echo and initial size');
    s.socket.send(JSON.stringify({ type: 'resize', cols: 123, rows: 45 }));
    // Text frames that are not control messages are input too.
    s.socket.send('stty size\n');
    await waitFor(async () => /45 123/.test(s.output), 20_000, 'resized');
    s.socket.send(Buffer.from('exit 7\n'));
    await waitFor(async () => s.closed !== null, 20_000, 'close');
    expect(s.control).toContainEqual({ type: 'exit', code: 7 });
    expect(s.closed!.code).toBe(1000);
  });

  it('accepts the token as a query parameter, and an origin listed in ARCHNEST_ALLOWED_ORIGINS', async () => {
    const s = open(query(`${prefix}box`), { viaQuery: true, origin: 'https://console.example.com' });
    await waitFor(async () => s.control.some((m) => m.type === 'ready'), 20_000, 'ready');
    s.socket.send(Buffer.from('echo via-query\n'));
    await waitFor(async () => /via-query/.test(s.output), 20_000, 'echo');
    s.socket.close();
  });

  it('ends the shell and what it started when the socket closes', async () => {
    const s = open(query(`${prefix}box`));
    await waitFor(async () => s.control.some((m) => m.type === 'ready'), 20_000, 'ready');
    s.socket.send(Buffer.from('sleep 4242\n'));
    const top = async () => (await docker(['top', `${prefix}box`, '-o', 'pid,args'])).split('\n');
    await waitFor(async () => (await top()).some((l) => /sleep 4242/.test(l)), 20_000, 'sleep in the session');
    s.socket.terminate();
    await waitFor(async () => !(await top()).some((l) => /sleep 4242|\bsh\s*$/.test(l)), 20_000, 'session processes gone');
    expect((await top()).some((l) => /sleep 600/.test(l))).toBe(true);
  });

  it('refuses before upgrading: anonymous 401, bad token 401, member 403, foreign Origin 403, unknown path 404, bad query 400', async () => {
    const anonymous = await new Promise<number>((resolve) => {
      const socket = new WebSocket(`${wsBase}?${query(`${prefix}box`)}`, { origin });
      socket.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    });
    expect(anonymous).toBe(401);
    expect((await refusedStatus(query(`${prefix}box`), { headers: { authorization: 'Bearer a.b.c' } })).status).toBe(401);
    const asMember = await refusedStatus(query(`${prefix}box`), { headers: member });
    expect(asMember.status).toBe(403);
    expect(JSON.parse(asMember.body)).toMatchObject({ statusCode: 403, message: expect.stringContaining('admin') });
    expect((await refusedStatus(query(`${prefix}box`), { origin: 'https://evil.example.com' })).status).toBe(403);
    expect((await refusedStatus(query(`${prefix}box`), { origin: 'null' })).status).toBe(403);
    for (const bad of ['cmd=rm', 'cols=0', 'rows=5000', 'extra=1']) {
      const res = await refusedStatus(`hostId=${hostId}&ref=${prefix}box&${bad}`);
      expect({ bad, status: res.status }).toEqual({ bad, status: 400 });
    }
    expect((await refusedStatus(`hostId=${hostId}&ref=..%2Fx`)).status).toBe(400);
    const wrongPath = await new Promise<number>((resolve) => {
      const socket = new WebSocket(`${wsBase.replace('/exec', '/nope')}?${query(`${prefix}box`)}`, ['archnest.exec.v1', `bearer.${token(admin)}`], { origin });
      socket.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    });
    expect(wrongPath).toBe(404);
  });

  it('refuses a deactivated admin at once (the role is read from the database)', async () => {
    const other = await t.userHeaders('admin', 'exec-admin-2');
    const users = (await t.app.inject({ method: 'GET', url: '/api/users', headers: admin })).json() as { id: number; username: string }[];
    const id = users.find((u) => u.username === 'exec-admin-2')!.id;
    expect((await t.app.inject({ method: 'PATCH', url: `/api/users/${id}`, headers: admin, payload: { active: false } })).statusCode).toBe(200);
    expect((await refusedStatus(query(`${prefix}box`), { headers: other })).status).toBe(401);
  });

  it('reports an unknown container, a stopped one and an unknown host on the socket, then closes with 4000 + status', async () => {
    const cases: [string, number, RegExp][] = [
      [query(`${prefix}missing`), 4404, /No container/],
      [query(`${prefix}stopped`), 4409, /needs a running container/],
      [`hostId=9999&ref=${prefix}box`, 4404, /Docker host 9999 does not exist/],
    ];
    for (const [q, code, message] of cases) {
      const s = open(q);
      await waitFor(async () => s.closed !== null, 20_000, `close for ${q}`);
      expect({ q, code: s.closed!.code }).toEqual({ q, code });
      expect(s.control).toEqual([{ type: 'error', message: expect.stringMatching(message) }]);
    }
  });
});
