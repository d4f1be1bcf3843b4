import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { loadTestEnv } from '../../../testing/test-env';
import { PoolBusyError } from './docker-ssh-errors';
import { SshConnectionPool, type PoolRoute, type PoolSettings } from './ssh-connection-pool';
import type { SshHop } from './ssh.client';

// The pool against the real target sshd: sharing, the session limit and its queue, idle close,
// eviction, and recovery after the network drops the connection (a real TCP relay we cut).
const { ssh } = loadTestEnv();
const hop = (port = ssh.port): SshHop => ({
  label: `'pool' (${ssh.username}@${ssh.host}:${port})`, host: ssh.host, port, username: ssh.username, privateKey: ssh.privateKey, fingerprint: ssh.hostKeyFingerprint,
});
const route = (overrides: Partial<PoolRoute> = {}): PoolRoute => ({ hostId: 1, poolKey: '1@1', pathIds: [1], hops: [hop()], label: 'pool', ...overrides });
const settings = (overrides: Partial<PoolSettings> = {}): PoolSettings => ({
  maxChannels: 4, idleMs: 60_000, queueTimeoutMs: 10_000, timeouts: { readyTimeoutMs: 5000, keepaliveIntervalMs: 15_000, keepaliveCountMax: 3 }, ...overrides,
});
const run = (pool: SshConnectionPool, command: string, r = route()) =>
  pool.withConnection(r, async (c) => (await c.run(command, { timeoutMs: 10_000, maxOutputBytes: 1 << 20 })).stdout.toString().trim());

describe('SshConnectionPool', () => {
  const pools: SshConnectionPool[] = [];
  const make = (s: Partial<PoolSettings> = {}) => {
    const pool = new SshConnectionPool(settings(s));
    pools.push(pool);
    return pool;
  };
  afterEach(async () => {
    await Promise.all(pools.splice(0).map((p) => p.closeAll()));
  });

  it('shares one connection between sequential and parallel requests', async () => {
    const pool = make();
    for (let i = 0; i < 5; i++) expect(await run(pool, `echo ${i}`)).toBe(String(i));
    await Promise.all(Array.from({ length: 8 }, (_, i) => run(pool, `echo ${i}`)));
    expect(pool.stats().handshakes).toBe(1);
  });

  it('never runs more than maxChannels sessions at once, and queues the rest', async () => {
    const pool = make({ maxChannels: 2 });
    // Each command reports when it ran on the server's clock; at most two intervals may overlap.
    const spans = (await Promise.all(Array.from({ length: 6 }, () => run(pool, 'date +%s%N; sleep 0.3; date +%s%N')))).map((out) => out.split('\n').map(Number));
    const overlapAt = (t: number) => spans.filter(([start, end]) => start <= t && t < end).length;
    const peak = Math.max(...spans.map(([start]) => overlapAt(start)));
    expect(peak).toBe(2);
    expect(pool.stats().handshakes).toBe(1);
  });

  it('answers busy after the queue timeout, and keeps one session free of terminals', async () => {
    const pool = make({ maxChannels: 2, queueTimeoutMs: 300 });
    const terminal = await pool.lease(route(), 'terminal');
    // A second terminal would take the last session: it waits, then gives up.
    await expect(pool.lease(route(), 'terminal')).rejects.toBeInstanceOf(PoolBusyError);
    // Commands still get through beside the terminal.
    expect(await run(pool, 'echo free')).toBe('free');
    const slow = run(pool, 'sleep 1; echo slow');
    await new Promise((resolve) => setTimeout(resolve, 100));
    await expect(run(pool, 'echo late')).rejects.toThrow(/all 2 SSH sessions to pool stayed busy for 300 ms/);
    expect(await slow).toBe('slow');
    terminal.release();
    expect(pool.stats().hosts).toEqual([{ hostId: 1, active: 0, terminals: 0, queued: 0 }]);
  });

  it('closes idle connections and opens a new one on demand', async () => {
    const pool = make({ idleMs: 200 });
    await run(pool, 'true');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(pool.stats().hosts).toEqual([]);
    await run(pool, 'true');
    expect(pool.stats().handshakes).toBe(2);
  });

  it('never reuses a connection after its host (or a jump host on its path) was edited', async () => {
    const pool = make();
    await run(pool, 'true');
    await run(pool, 'true', route({ poolKey: '1@2' }));
    expect(pool.stats().handshakes).toBe(2);
    pool.evict(1);
    await run(pool, 'true', route({ poolKey: '1@2' }));
    expect(pool.stats().handshakes).toBe(3);
    // Evicting a jump host id retires the connections that go through it.
    pool.evict(7);
    await run(pool, 'true', route({ poolKey: '1@2' }));
    expect(pool.stats().handshakes).toBe(3);
  });

  describe('through a TCP relay the test can cut', () => {
    let relay: Server;
    const sockets = new Set<Socket>();
    beforeAll(async () => {
      relay = createServer((client) => {
        const upstream = connect(ssh.port, ssh.host);
        for (const s of [client, upstream]) {
          sockets.add(s);
          s.on('error', () => undefined);
          s.on('close', () => sockets.delete(s));
        }
        client.pipe(upstream).pipe(client);
      });
      await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
    });
    afterAll(() => new Promise<void>((resolve) => relay.close(() => resolve())));

    it('replaces a connection the network dropped between requests', async () => {
      const pool = make();
      const r = route({ hops: [hop((relay.address() as AddressInfo).port)] });
      expect(await run(pool, 'echo before', r)).toBe('before');
      for (const s of sockets) s.destroy();
      expect(await run(pool, 'echo after', r)).toBe('after');
      expect(pool.stats().handshakes).toBe(2);
    });

    it('fails a request whose connection drops mid-command, without hanging', async () => {
      const pool = make();
      const r = route({ hops: [hop((relay.address() as AddressInfo).port)] });
      expect(await run(pool, 'echo warm', r)).toBe('warm');
      // The command prints once it runs; the cut comes after that, so it is mid-command for sure.
      const pending = pool.withConnection(r, (c) => c.run('echo started >&2; sleep 5; echo never', { timeoutMs: 20_000, maxOutputBytes: 1024 }));
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const started = Date.now();
      for (const s of sockets) s.destroy();
      // Not retried: the command may have had its effect (think `docker stop`).
      await expect(pending).rejects.toMatchObject({ kind: 'interrupted' });
      expect(Date.now() - started).toBeLessThan(2000);
      expect(pool.stats().handshakes).toBe(1);
    });
  });

  it('bounds a command in time and output size, and the connection stays usable', async () => {
    const pool = make();
    await run(pool, 'true');
    const started = Date.now();
    await expect(pool.withConnection(route(), (c) => c.run('sleep 10', { timeoutMs: 1500, maxOutputBytes: 1024 }))).rejects.toMatchObject({
      kind: 'timeout', message: `'pool' (${ssh.username}@${ssh.host}:${ssh.port}) did not finish the command within 1500 ms`,
    });
    expect(Date.now() - started).toBeLessThan(4000);
    await expect(pool.withConnection(route(), (c) => c.run('yes | head -c 100000', { timeoutMs: 5000, maxOutputBytes: 1024 }))).rejects.toThrow(/exceeded 1024 bytes/);
    expect(await run(pool, 'echo still-fine')).toBe('still-fine');
    expect(pool.stats().handshakes).toBe(1);
  });

  it('refuses new work once closed', async () => {
    const pool = make();
    await run(pool, 'true');
    await pool.closeAll();
    await expect(run(pool, 'true')).rejects.toThrow(/shutting down/);
  });
});
