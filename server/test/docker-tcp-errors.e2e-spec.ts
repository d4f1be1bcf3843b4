import { spawn, type ChildProcess } from 'node:child_process';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { env, registerHost } from './docker-tcp.helpers';
import { createTestApp, type TestApp } from './test-app';

/**
 * Engines that are down, silent or broken: every call ends with a clear 502/504 within the
 * configured bounds (connect 5 s by default; request timeout set to 2 s here), and the server
 * keeps serving. The misbehaving engines are small local servers: the real engine cannot be
 * made to misbehave on purpose.
 */
describe('Docker API errors (e2e)', () => {
  const REQUEST_TIMEOUT_MS = 2000;
  let t: TestApp;
  let admin: { authorization: string };
  let silent: Server;
  let fake: HttpServer;
  let blackhole: ChildProcess | null = null;
  const sockets: Socket[] = [];
  const fakeHits: string[] = [];

  beforeAll(async () => {
    t = await createTestApp({ ARCHNEST_DOCKER_REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS) });
    admin = await t.login();
    // Accepts connections and never says a word.
    silent = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    fake = createHttpServer((req, res) => {
      fakeHits.push(req.url ?? '');
      fakeEngine(req.url ?? '', res, port(fake));
    });
    await new Promise<void>((resolve) => fake.listen(0, '127.0.0.1', resolve));
  });

  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    if (blackhole?.pid) process.kill(blackhole.pid, 'SIGKILL');
    await new Promise((resolve) => silent.close(resolve));
    fake.closeAllConnections();
    await new Promise((resolve) => fake.close(resolve));
    await t.close();
  });

  const port = (server: Server | HttpServer) => (server.address() as { port: number }).port;
  const timed = async (url: string, method: 'GET' | 'POST' = 'GET') => {
    const started = Date.now();
    const res = await t.app.inject({ method, url, headers: admin });
    return { status: res.statusCode, message: res.json().message as string, ms: Date.now() - started };
  };

  it('refused connection: 502 at once, with the reason', async () => {
    const id = await registerHost(t, admin, { name: 'refused', url: 'tcp://127.0.0.1:1' });
    const res = await timed(`/api/docker/hosts/${id}/containers`);
    expect(res).toMatchObject({ status: 502, message: expect.stringContaining('connection refused') });
    expect(res.ms).toBeLessThan(2000);
    const test = (await t.app.inject({ method: 'POST', url: `/api/docker/hosts/${id}/test`, headers: admin })).json();
    expect(test).toMatchObject({ ok: false, message: expect.stringContaining('connection refused') });
  });

  it('a listening socket that never answers: 502 within the connect timeout, for plain and TLS URLs', async () => {
    const plain = await registerHost(t, admin, { name: 'silent', url: `tcp://127.0.0.1:${port(silent)}` });
    const tls = await registerHost(t, admin, { name: 'silent-tls', url: `https://127.0.0.1:${port(silent)}`, ca: env.dockerTls.ca });
    const [list, detail, tlsList] = await Promise.all([
      timed(`/api/docker/hosts/${plain}/containers`),
      timed(`/api/docker/hosts/${plain}/containers/web/stats`),
      timed(`/api/docker/hosts/${tls}/containers`),
    ]);
    for (const res of [list, detail]) {
      expect(res).toMatchObject({ status: 502, message: expect.stringMatching(/did not answer .* within 5000 ms/) });
      expect(res.ms).toBeGreaterThanOrEqual(4500);
      expect(res.ms).toBeLessThan(10_000);
    }
    // The TLS handshake never completes: the connection itself times out.
    expect(tlsList).toMatchObject({ status: 502, message: expect.stringMatching(/no connection within 5000 ms/) });
    expect(tlsList.ms).toBeLessThan(10_000);
  });

  it('a port whose connection never completes (full accept queue): 502 within the connect timeout', async () => {
    const blackholePort = await startBlackhole();
    const id = await registerHost(t, admin, { name: 'blackhole', url: `tcp://127.0.0.1:${blackholePort}` });
    const res = await timed(`/api/docker/hosts/${id}/containers`);
    expect(res).toMatchObject({ status: 502, message: expect.stringMatching(/no connection within 5000 ms/) });
    expect(res.ms).toBeLessThan(10_000);
  });

  it('a slow call that never finishes: 504 after the request timeout', async () => {
    const id = await registerHost(t, admin, { name: 'fake-slow', url: `tcp://127.0.0.1:${port(fake)}` });
    const res = await timed(`/api/docker/hosts/${id}/containers/slow/stats`);
    expect(res).toMatchObject({ status: 504, message: expect.stringMatching(/did not finish 'stats' within 2000 ms/) });
    expect(res.ms).toBeGreaterThanOrEqual(REQUEST_TIMEOUT_MS - 100);
    expect(res.ms).toBeLessThan(REQUEST_TIMEOUT_MS + 3000);
  });

  it('an engine that answers garbage or errors: 502 with what it said, never a 500', async () => {
    const id = await registerHost(t, admin, { name: 'fake-garbage', url: `tcp://127.0.0.1:${port(fake)}` });
    const list = await timed(`/api/docker/hosts/${id}/containers`);
    expect(list).toMatchObject({ status: 502, message: expect.stringContaining('not a list') });
    const detail = await timed(`/api/docker/hosts/${id}/containers/broken`);
    expect(detail).toMatchObject({ status: 502, message: expect.stringContaining('HTTP 500: engine on fire') });
    const hangup = await timed(`/api/docker/hosts/${id}/containers/hangup`);
    expect(hangup).toMatchObject({ status: 502, message: expect.stringContaining('closed the connection') });
    // A redirect is an error, and is not followed anywhere.
    const redirect = await timed(`/api/docker/hosts/${id}/containers/moved/logs`);
    expect(redirect).toMatchObject({ status: 502, message: expect.stringMatching(/redirect/) });
    expect(fakeHits.filter((u) => u.startsWith('/elsewhere'))).toEqual([]);
  });

  it('keeps serving after all of that', async () => {
    const id = await registerHost(t, admin, { name: 'healthy', url: env.dockerTcpUrl });
    expect((await timed(`/api/docker/hosts/${id}/containers`)).status).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);
  });

  /**
   * A listener in a child process whose event loop is blocked, so the kernel never hands its
   * connections over: once its small backlog is full, new connections hang in SYN-SENT,
   * like a host behind a firewall that drops packets.
   */
  async function startBlackhole(): Promise<number> {
    const script =
      "const net=require('net'),fs=require('fs');const s=net.createServer();" +
      "s.listen({port:0,host:'127.0.0.1',backlog:1},()=>{fs.writeSync(1,s.address().port+'\\n');" +
      'Atomics.wait(new Int32Array(new SharedArrayBuffer(4)),0,0,120000);process.exit(0);});';
    blackhole = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    const listenPort = await new Promise<number>((resolve, reject) => {
      blackhole!.stdout!.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim())));
      blackhole!.once('exit', (code) => reject(new Error(`blackhole listener exited with ${code}`)));
    });
    // Fill the accept queue until a connection stays pending.
    for (let i = 0; i < 20; i++) {
      const socket = connect(listenPort, '127.0.0.1');
      socket.on('error', () => undefined);
      sockets.push(socket);
      const connected = await new Promise<boolean>((resolve) => {
        socket.once('connect', () => resolve(true));
        setTimeout(() => resolve(false), 300);
      });
      if (!connected) return listenPort;
    }
    throw new Error('could not fill the accept queue of the blackhole listener');
  }
});

/** Answers like a broken engine, one behaviour per container ref. */
function fakeEngine(url: string, res: import('node:http').ServerResponse, ownPort: number): void {
  const id = 'f'.repeat(64);
  if (url.startsWith('/containers/json')) return void res.end('this is not JSON');
  if (url.startsWith('/containers/slow/json') || url.startsWith('/containers/moved/json')) {
    res.setHeader('content-type', 'application/json');
    return void res.end(JSON.stringify({ Id: id, State: { Status: 'running' }, Config: { Tty: false } }));
  }
  if (url.startsWith(`/containers/${id}/stats`)) return; // never answers
  if (url.startsWith(`/containers/${id}/logs`)) {
    res.writeHead(302, { location: `http://127.0.0.1:${ownPort}/elsewhere` });
    return void res.end();
  }
  if (url.startsWith('/containers/broken/json')) {
    res.writeHead(500, { 'content-type': 'application/json' });
    return void res.end(JSON.stringify({ message: 'engine on fire' }));
  }
  if (url.startsWith('/containers/hangup/json')) return void res.socket?.destroy();
  res.writeHead(404, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ message: 'No such container' }));
}
