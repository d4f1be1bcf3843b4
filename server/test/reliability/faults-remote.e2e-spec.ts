import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import WebSocket from 'ws';
import { docker } from '../../../testing/test-env';
import { create, createObservedApp, testEnv, waitFor, type ObservedApp } from './harness';
import { DockerRelay, freePort, ThrowAwaySshd } from './processes';

// Remote hosts failing under a running server: a Docker engine that stops (or hangs) while its
// host is listed, and an sshd killed in the middle of an exec session. The shared engine relay and
// sshd of the test environment are never touched: each fault has its own relay or sshd to kill.
const PREFIX = `an-rel-faults-${randomBytes(3).toString('hex')}`;
const REQUEST_TIMEOUT_MS = 4000;

describe('remote faults (e2e)', () => {
  let t: ObservedApp;
  let admin: { authorization: string };
  const container = `${PREFIX}-run`;

  beforeAll(async () => {
    await docker(['run', '-d', '--name', container, '--stop-timeout', '1', testEnv.image, 'sleep', '3600']);
    t = await createObservedApp({ ARCHNEST_DOCKER_CONNECT_TIMEOUT_MS: '2000', ARCHNEST_DOCKER_REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS) });
    admin = await t.login();
  });

  afterAll(async () => {
    await t?.close();
    await docker(['rm', '-f', container]).catch(() => undefined);
    expect(t?.recorder.leaks()).toEqual([]);
  });

  const get = (url: string) => t.app.inject({ method: 'GET', url, headers: admin });
  const timed = async <T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> => {
    const started = Date.now();
    const value = await work();
    return { value, ms: Date.now() - started };
  };

  describe('a Docker engine that stops while its host is listed', () => {
    let relay: DockerRelay;
    let hostId: number;
    let healthyId: number;

    beforeAll(async () => {
      relay = new DockerRelay(await freePort());
      await relay.start();
      hostId = await create(t, '/api/docker/hosts', admin, { name: 'relay-engine', url: relay.url });
      healthyId = await create(t, '/api/docker/hosts', admin, { name: 'shared-engine', url: testEnv.dockerTcpUrl });
    });
    afterAll(() => relay.kill());

    it('answers 502 within seconds once the engine is gone, and every other route keeps working', async () => {
      expect((await get(`/api/docker/hosts/${hostId}/containers/${container}`)).statusCode).toBe(200);
      await relay.kill();
      for (const url of [`/api/docker/hosts/${hostId}/containers`, `/api/docker/hosts/${hostId}/containers/${container}`, `/api/docker/hosts/${hostId}/containers/${container}/logs`]) {
        const { value: res, ms } = await timed(() => get(url));
        expect({ url, status: res.statusCode, fast: ms < 3000 }).toEqual({ url, status: 502, fast: true });
        expect(res.json().message).toMatch(/Cannot reach the Docker engine at tcp:\/\/127\.0\.0\.1:\d+: connection refused/);
      }
      const test = await t.app.inject({ method: 'POST', url: `/api/docker/hosts/${hostId}/test`, headers: admin });
      expect(test.json()).toMatchObject({ ok: false, message: expect.stringMatching(/connection refused/) });
      expect((await get('/api/health')).statusCode).toBe(200);
      expect((await get(`/api/docker/hosts/${hostId}`)).statusCode).toBe(200);
      expect((await get(`/api/docker/hosts/${healthyId}/containers/${container}`)).statusCode).toBe(200);
    });

    it('answers 502 within seconds when the engine dies in the middle of a request', async () => {
      await relay.start();
      // A stats sample takes the engine about a second: the relay dies while it is being taken.
      const pending = timed(() => get(`/api/docker/hosts/${hostId}/containers/${container}/stats`));
      await new Promise((r) => setTimeout(r, 300));
      await relay.kill();
      const { value: res, ms } = await pending;
      expect([502, 504]).toContain(res.statusCode);
      expect(ms).toBeLessThan(REQUEST_TIMEOUT_MS + 3000);
      expect((await get('/api/health')).statusCode).toBe(200);
    });

    it('answers within the configured timeouts when the engine hangs (accepts, never answers), without holding up other requests', async () => {
      await relay.start();
      expect((await get(`/api/docker/hosts/${hostId}/containers`)).statusCode).toBe(200);
      relay.signal('SIGSTOP');
      try {
        let hungDone = false;
        const hung = timed(() => get(`/api/docker/hosts/${hostId}/containers`)).finally(() => (hungDone = true));
        // Meanwhile the server answers everything else, long before the hung call gives up.
        const health = await get('/api/health');
        expect({ status: health.statusCode, hungStillPending: !hungDone }).toEqual({ status: 200, hungStillPending: true });
        const { value: res, ms } = await hung;
        expect({ status: res.statusCode, message: res.json().message }).toEqual({ status: expect.any(Number), message: expect.stringMatching(/timed out|did not answer|within|no answer/i) });
        expect([502, 504]).toContain(res.statusCode);
        expect(ms).toBeLessThan(REQUEST_TIMEOUT_MS + 3000);
      } finally {
        await relay.kill();
      }
    });

    it('recovers by itself when the engine comes back', async () => {
      await relay.start();
      await waitFor(async () => (await get(`/api/docker/hosts/${hostId}/containers`)).statusCode === 200, 10_000, 'the engine to answer again');
    });
  });

  describe('an sshd killed during an exec session', () => {
    let sshd: ThrowAwaySshd;
    let hostId: number;

    beforeAll(async () => {
      sshd = new ThrowAwaySshd(await freePort());
      await sshd.start();
      hostId = await create(t, '/api/docker-ssh/hosts', admin, {
        name: 'doomed-sshd', host: '127.0.0.1', port: sshd.port, username: testEnv.ssh.username, privateKey: testEnv.ssh.privateKey, hostKeyFingerprint: sshd.fingerprint,
      });
      await t.app.listen(0, '127.0.0.1');
    });
    afterAll(() => sshd.killAll());

    it('closes the terminal socket cleanly with a reason, and the server keeps serving', async () => {
      const origin = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
      const socket = new WebSocket(`${origin.replace('http', 'ws')}/api/docker-ssh/exec?hostId=${hostId}&ref=${container}&cmd=sh`, ['archnest.exec.v1', `bearer.${admin.authorization.slice(7)}`], { headers: { origin } });
      let output = '';
      const messages: { type: string }[] = [];
      socket.on('message', (data: Buffer, binary: boolean) => (binary ? (output += data.toString()) : messages.push(JSON.parse(data.toString()))));
      const closed = new Promise<{ code: number; at: number }>((resolve) => socket.on('close', (code) => resolve({ code, at: Date.now() })));
      await waitFor(() => messages.some((m) => m.type === 'ready'), 15_000, 'the terminal to be ready');
      socket.send(Buffer.from('echo alive-$((20+22))\n'));
      await waitFor(() => output.includes('alive-42'), 10_000, 'the shell to answer');

      const killedAt = Date.now();
      expect(await sshd.killAll()).toBeGreaterThanOrEqual(2);
      const { code, at } = await closed;
      // A close frame with a code (1000 exit, or 4xxx with an error message), not a dropped TCP connection (1006).
      expect(code === 1000 || (code >= 4000 && code < 5000)).toBe(true);
      expect(at - killedAt).toBeLessThan(5000);
      expect(messages.some((m) => m.type === 'exit' || m.type === 'error')).toBe(true);

      expect((await get('/api/health')).statusCode).toBe(200);
      const { value: res, ms } = await timed(() => get(`/api/docker-ssh/hosts/${hostId}/containers`));
      expect(res.statusCode).toBe(502);
      expect(ms).toBeLessThan(3000);
      expect(res.json().message).toMatch(/connection refused|closed/);
    });

    it('reconnects by itself once sshd is back', async () => {
      await sshd.start();
      await waitFor(async () => (await get(`/api/docker-ssh/hosts/${hostId}/containers`)).statusCode === 200, 15_000, 'SSH to answer again');
    });
  });
});
