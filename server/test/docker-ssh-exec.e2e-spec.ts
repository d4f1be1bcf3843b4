import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import WebSocket from 'ws';
import { docker } from '../../testing/test-env';
import { SshConnectionPool } from '../src/docker-ssh/ssh-connection-pool';
import { createTestApp, type TestApp } from './test-app';
import { createHost, targetBody, testEnv } from './docker-ssh.helpers';

// `docker exec -it` over an SSH PTY, through the shared exec WebSocket, on a real server port.
const PREFIX = `an-sshx-${randomBytes(3).toString('hex')}`;

interface Session {
  socket: WebSocket;
  output: () => string;
  messages: { type: string; code?: number | null; message?: string }[];
  closed: Promise<{ code: number; reason: string }>;
  waitFor: (pattern: RegExp, timeoutMs?: number) => Promise<void>;
}

describe('docker-ssh exec', () => {
  let t: TestApp;
  let origin: string;
  let adminToken: string;
  let memberToken: string;
  let hostId: number;
  const running = `${PREFIX}-run`;
  const stopped = `${PREFIX}-stop`;

  beforeAll(async () => {
    await docker(['run', '-d', '--name', running, '--stop-timeout', '1', testEnv.image, 'sleep', '3600']);
    await docker(['create', '--name', stopped, testEnv.image, 'true']);
    t = await createTestApp();
    await t.app.listen(0, '127.0.0.1');
    origin = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    const admin = await t.login();
    adminToken = admin.authorization.slice('Bearer '.length);
    memberToken = (await t.userHeaders('member')).authorization.slice('Bearer '.length);
    hostId = await createHost(t, admin, targetBody('exec-host'));
  });

  afterAll(async () => {
    await t.close();
    for (const name of [running, stopped]) await docker(['rm', '-f', name]).catch(() => undefined);
  });

  const execUrl = (query: Record<string, string | number>) =>
    `${origin.replace('http', 'ws')}/api/docker-ssh/exec?${new URLSearchParams(Object.entries(query).map(([k, v]): [string, string] => [k, String(v)]))}`;

  function open(query: Record<string, string | number>, token = adminToken, headers: Record<string, string> = { origin }): Session {
    const socket = new WebSocket(execUrl(query), ['archnest.exec.v1', `bearer.${token}`], { headers });
    let text = '';
    const messages: Session['messages'] = [];
    const listeners = new Set<() => void>();
    socket.on('message', (data: Buffer, isBinary: boolean) => {
      if (isBinary) text += data.toString('utf8');
      else messages.push(JSON.parse(data.toString('utf8')));
      for (const l of listeners) l();
    });
    const closed = new Promise<{ code: number; reason: string }>((resolve) => socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
    return {
      socket,
      output: () => text,
      messages,
      closed,
      waitFor: (pattern, timeoutMs = 10_000) =>
        new Promise<void>((resolve, reject) => {
          const check = () => {
            if (pattern.test(text)) {
              listeners.delete(check);
              clearTimeout(timer);
              resolve();
            }
          };
          const timer = setTimeout(() => reject(new Error(`no ${pattern} in terminal output: ${JSON.stringify(text.slice(-500))}`)), timeoutMs);
          listeners.add(check);
          check();
        }),
    };
  }

  /** The HTTP status of a refused upgrade. */
  function refusal(query: Record<string, string | number>, token?: string, headers: Record<string, string> = { origin }): Promise<number> {
    return new Promise((resolve, reject) => {
      const protocols = token === undefined ? ['archnest.exec.v1'] : ['archnest.exec.v1', `bearer.${token}`];
      const socket = new WebSocket(execUrl(query), protocols, { headers });
      socket.on('unexpected-response', (_req, res) => {
        resolve(res.statusCode ?? 0);
        socket.terminate();
      });
      socket.on('open', () => reject(new Error('the upgrade was accepted')));
      socket.on('error', () => undefined);
    });
  }

  it('runs a shell in the container with a PTY: typed input, output, resize and the exit code', async () => {
    const session = open({ hostId, ref: running, cmd: 'sh', cols: 80, rows: 24 });
    await new Promise((resolve) => session.socket.once('open', resolve));
    // The arithmetic is done by the container's shell: the echoed input cannot satisfy the match.
    session.socket.send(Buffer.from('echo hi-$((6*7))\n'), { binary: true });
    await session.waitFor(/hi-42/);
    expect(session.messages[0]).toEqual({ type: 'ready' });

    session.socket.send(JSON.stringify({ type: 'resize', cols: 123, rows: 45 }));
    await new Promise((resolve) => setTimeout(resolve, 300));
    session.socket.send(Buffer.from('stty size\n'), { binary: true });
    await session.waitFor(/45 123/);

    // The shell really runs in the container: its hostname is the container's short id.
    const id = (await docker(['inspect', '--format', '{{.Id}}', running])).trim();
    session.socket.send(Buffer.from('hostname\n'), { binary: true });
    await session.waitFor(new RegExp(id.slice(0, 12)));

    session.socket.send(Buffer.from('exit 3\n'), { binary: true });
    expect(await session.closed).toEqual({ code: 1000, reason: 'exited' });
    expect(session.messages.at(-1)).toEqual({ type: 'exit', code: 3 });
    // The PTY session slot went back to the pool.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(t.app.get(SshConnectionPool).stats().hosts.find((h) => h.hostId === hostId)).toMatchObject({ active: 0, terminals: 0 });
  });

  it('ends the remote session when the browser goes away', async () => {
    const session = open({ hostId, ref: running, cmd: 'sh' });
    await new Promise((resolve) => session.socket.once('open', resolve));
    session.socket.send(Buffer.from('echo up-$((1+1))\n'), { binary: true });
    await session.waitFor(/up-2/);
    // A foreground command is running when the tab closes.
    session.socket.send(Buffer.from('sleep 777\n'), { binary: true });
    await new Promise((resolve) => setTimeout(resolve, 300));
    session.socket.close();
    await session.closed;
    const pool = t.app.get(SshConnectionPool);
    for (let i = 0; i < 50 && (pool.stats().hosts.find((h) => h.hostId === hostId)?.terminals ?? 0) > 0; i++) await new Promise((r) => setTimeout(r, 100));
    expect(pool.stats().hosts.find((h) => h.hostId === hostId)).toMatchObject({ terminals: 0 });
    // And the shell and its command inside the container are gone, not left behind: only the container's own `sleep` remains.
    const processes = async () => (await docker(['top', running])).trim().split('\n').slice(1).map((row) => row.trim().split(/\s+/).slice(7).join(' '));
    for (let i = 0; i < 50 && (await processes()).length > 1; i++) await new Promise((r) => setTimeout(r, 100));
    expect(await processes()).toEqual(['sleep 3600']);
  });

  it('explains a missing or stopped container on the socket', async () => {
    const missing = open({ hostId, ref: `${PREFIX}-nope` });
    expect(await missing.closed).toEqual({ code: 4404, reason: 'failed (404)' });
    expect(missing.messages.at(-1)).toEqual({ type: 'error', message: `No container '${PREFIX}-nope' on 'exec-host' (${testEnv.ssh.username}@${testEnv.ssh.host}:${testEnv.ssh.port})` });
    const notRunning = open({ hostId, ref: stopped });
    expect(await notRunning.closed).toEqual({ code: 4409, reason: 'failed (409)' });
    expect(notRunning.messages.at(-1)?.message).toContain('is created; start it before opening a terminal');
  });

  it('refuses members, anonymous callers, foreign origins and hostile queries before upgrading', async () => {
    expect(await refusal({ hostId, ref: running }, memberToken)).toBe(403);
    expect(await refusal({ hostId, ref: running })).toBe(401);
    expect(await refusal({ hostId, ref: running }, adminToken, { origin: 'https://evil.example' })).toBe(403);
    for (const ref of ['a;id', '$(id)', "a'b", '`id`', 'a b']) expect([ref, await refusal({ hostId, ref }, adminToken)]).toEqual([ref, 400]);
    for (const cmd of ['sh -c id', 'sh;id', 'python']) expect([cmd, await refusal({ hostId, ref: running, cmd }, adminToken)]).toEqual([cmd, 400]);
  });
});
