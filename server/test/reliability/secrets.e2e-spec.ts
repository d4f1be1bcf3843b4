import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import WebSocket from 'ws';
import { docker } from '../../../testing/test-env';
import { AGENT_HEADERS, agentReport, CANARY, canaryNeedles, create, createObservedApp, postReport, Recorder, testEnv, waitFor, type ObservedApp } from './harness';

// Secrets where they are really used: a container whose env holds a canary secret (read over TCP,
// TLS and SSH), the TLS client key of the real TLS engine, an SSH password (refused by the real
// sshd), the agent token, the JWT secret and the sealing key. Every route that touches them, their
// error paths and two terminals run; then no response body, header or log line may hold any of
// them, and the SQLite files may not hold them in clear. (Every other reliability spec checks its
// own responses and log for the same canaries in its afterAll.)
const PREFIX = `an-rel-secrets-${randomBytes(3).toString('hex')}`;

describe('no secret leaves the server (e2e)', () => {
  let t: ObservedApp;
  let admin: { authorization: string };
  let member: { authorization: string };
  const container = `${PREFIX}-env`;
  const ids = { tcp: 0, tls: 0, tlsWrongCa: 0, sshKey: 0, sshPassword: 0 };

  beforeAll(async () => {
    await docker(['run', '-d', '--name', container, '-e', `ARCHNEST_SECRET=${CANARY.containerEnv}`, '-e', `API_TOKEN=${CANARY.containerEnv}`, '-e', 'PLAIN=visible', testEnv.image, 'sleep', '3600']);
    t = await createObservedApp();
    admin = await t.login();
    member = await t.userHeaders('member', 'secrets-member');
    const tls = testEnv.dockerTls;
    ids.tcp = await create(t, '/api/docker/hosts', admin, { name: 'secrets-tcp', url: testEnv.dockerTcpUrl });
    ids.tls = await create(t, '/api/docker/hosts', admin, { name: 'secrets-tls', url: tls.url, ca: tls.ca, cert: tls.cert, key: tls.key });
    // The client certificate as the CA: the engine's certificate cannot verify, so TLS fails with the key loaded.
    ids.tlsWrongCa = await create(t, '/api/docker/hosts', admin, { name: 'secrets-tls-bad-ca', url: tls.url, ca: tls.cert, cert: tls.cert, key: tls.key });
    const ssh = testEnv.ssh;
    ids.sshKey = await create(t, '/api/docker-ssh/hosts', admin, { name: 'secrets-ssh-key', host: ssh.host, port: ssh.port, username: ssh.username, privateKey: ssh.privateKey, hostKeyFingerprint: ssh.hostKeyFingerprint });
    ids.sshPassword = await create(t, '/api/docker-ssh/hosts', admin, { name: 'secrets-ssh-pw', host: ssh.host, port: ssh.port, username: ssh.username, password: CANARY.sshPassword, hostKeyFingerprint: ssh.hostKeyFingerprint });
    await postReport(t, agentReport('secrets-agent'));
  });

  afterAll(async () => {
    await t?.close();
    await docker(['rm', '-f', container]).catch(() => undefined);
  });

  const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, headers = admin, payload?: object) => t.app.inject({ method, url, headers, payload });

  it('shows the containers with their secret env values masked, from every source', async () => {
    for (const [source, id] of [['docker', ids.tcp], ['docker', ids.tls], ['docker-ssh', ids.sshKey]] as const) {
      for (const headers of [admin, member]) {
        const detail = await call('GET', `/api/${source}/hosts/${id}/containers/${container}`, headers);
        expect(detail.statusCode).toBe(200);
        const env = Object.fromEntries(detail.json().env.map((e: { key: string; value: string }) => [e.key, e.value]));
        expect(env).toMatchObject({ ARCHNEST_SECRET: '********', API_TOKEN: '********', PLAIN: 'visible' });
        expect((await call('GET', `/api/${source}/hosts/${id}/containers`, headers)).statusCode).toBe(200);
        expect((await call('GET', `/api/${source}/hosts/${id}/containers/${container}/logs`, headers)).statusCode).toBe(200);
      }
    }
    const agent = await call('GET', '/api/agents/docker/hosts/secrets-agent/containers/web', member);
    expect(agent.json().env).toContainEqual({ key: 'DB_PASSWORD', value: '********' });
  });

  it('uses the TLS key and the SSH credentials, and shows only that they are set', async () => {
    expect((await call('POST', `/api/docker/hosts/${ids.tls}/test`)).json()).toMatchObject({ ok: true });
    expect((await call('POST', `/api/docker/hosts/${ids.tlsWrongCa}/test`)).json()).toMatchObject({ ok: false, message: expect.stringMatching(/TLS/) });
    expect((await call('GET', `/api/docker/hosts/${ids.tlsWrongCa}/containers`)).statusCode).toBe(502);
    expect((await call('POST', `/api/docker-ssh/hosts/${ids.sshKey}/test`)).json()).toMatchObject({ ok: true });
    const refused = await call('POST', `/api/docker-ssh/hosts/${ids.sshPassword}/test`);
    expect(refused.json()).toMatchObject({ ok: false });
    expect((await call('GET', `/api/docker-ssh/hosts/${ids.sshPassword}/containers`)).statusCode).toBe(502);
    for (const headers of [admin, member]) {
      expect((await call('GET', `/api/docker/hosts/${ids.tls}`, headers)).json()).toMatchObject({ tls: true, hasCa: true, hasClientCert: true });
      expect((await call('GET', `/api/docker-ssh/hosts/${ids.sshPassword}`, headers)).json()).toMatchObject({ hasPassword: true, hasPrivateKey: false });
      expect((await call('GET', '/api/docker/hosts', headers)).statusCode).toBe(200);
      expect((await call('GET', '/api/docker-ssh/hosts', headers)).statusCode).toBe(200);
    }
    expect((await call('PATCH', `/api/docker/hosts/${ids.tls}`, admin, { name: 'secrets-tls-renamed' })).statusCode).toBe(200);
    expect((await call('PATCH', `/api/docker-ssh/hosts/${ids.sshPassword}`, admin, { password: CANARY.sshPassword, port: testEnv.ssh.port })).statusCode).toBe(200);
  });

  it('keeps secrets out of the answers to bad requests that carry them', async () => {
    const tls = testEnv.dockerTls;
    const bad = [
      await call('POST', '/api/docker/hosts', admin, { name: 'no-cert', url: tls.url, key: tls.key }),
      await call('POST', '/api/docker/hosts', admin, { name: 'plain-with-key', url: testEnv.dockerTcpUrl, cert: tls.cert, key: tls.key }),
      await call('PATCH', `/api/docker/hosts/${ids.tls}`, admin, { key: tls.key, cert: tls.ca }),
      await call('POST', '/api/docker-ssh/hosts', admin, { name: 'bad-key', host: '127.0.0.1', username: 'archnest', privateKey: `-----BEGIN OPENSSH PRIVATE KEY-----\n${CANARY.sshPassword}\n-----END OPENSSH PRIVATE KEY-----\n` }),
      await call('POST', '/api/docker-ssh/hosts', admin, { name: 'x', host: '127.0.0.1', username: 'archnest', password: CANARY.sshPassword, extra: CANARY.sshPassword }),
      await call('POST', '/api/docker-ssh/hosts', member, { name: 'member-try', host: '127.0.0.1', username: 'archnest', password: CANARY.sshPassword }),
      await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin', password: CANARY.sshPassword } }),
      await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: CANARY.sshPassword, password: 'x' } }),
      await t.app.inject({ method: 'POST', url: '/api/agents/docker/report', headers: { authorization: `Bearer ${CANARY.agentToken}x` }, payload: agentReport('x') }),
      await t.app.inject({ method: 'POST', url: '/api/agents/docker/report', headers: AGENT_HEADERS, payload: { ...agentReport('x'), hostId: CANARY.agentToken.replace(/-/g, '/') } }),
      await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization: `Bearer ${CANARY.jwtSecret}` } }),
    ];
    for (const res of bad) expect(res.statusCode).toBeGreaterThanOrEqual(400);
  });

  it('opens terminals over TCP and SSH without putting a secret on the wire', async () => {
    await t.app.listen(0, '127.0.0.1');
    const origin = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    for (const [path, hostId] of [['/api/docker/exec', ids.tls], ['/api/docker-ssh/exec', ids.sshKey]] as const) {
      const socket = new WebSocket(`${origin.replace('http', 'ws')}${path}?hostId=${hostId}&ref=${container}`, ['archnest.exec.v1', `bearer.${admin.authorization.slice(7)}`], { headers: { origin } });
      let wire = '';
      socket.on('message', (data: Buffer) => (wire += data.toString('utf8')));
      await waitFor(() => wire.includes('"ready"'), 15_000, `${path} ready`);
      socket.send(Buffer.from('echo terminal-$((6*7))\n'));
      await waitFor(() => wire.includes('terminal-42'), 10_000, `${path} output`);
      socket.close();
      t.recorder.record(`websocket ${path}`, wire);
    }
  });

  it('stores the TLS key, the SSH password and the unmasked env value only encrypted or masked', () => {
    const files = readdirSync(t.dataDir).filter((f) => f.startsWith('archnest.sqlite'));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const bytes = readFileSync(join(t.dataDir, file));
      for (const { name, value } of canaryNeedles()) expect({ file, name, found: bytes.includes(Buffer.from(value)) }).toEqual({ file, name, found: false });
    }
  });

  it('has a detector that does find a planted secret (so the final check cannot pass vacuously)', () => {
    const probe = new Recorder();
    probe.record('planted', `prefix ${CANARY.sshPassword} suffix`);
    probe.record('planted key', testEnv.dockerTls.key.replace(/\n/g, '\r\n'));
    expect(probe.leaks().map((l) => l.canary)).toEqual(expect.arrayContaining(['sshPassword', 'tlsKey line 1']));
  });

  it('finally: no canary in any response body, header, terminal or log line of this app', () => {
    expect(t.recorder.responses).toBeGreaterThan(50);
    expect(t.recorder.logText().length).toBeGreaterThan(1000);
    expect(t.recorder.leaks()).toEqual([]);
    // The log really is the server's (at verbose level it tells every terminal that opened).
    expect(t.recorder.logText()).toMatch(/terminal opened by admin/);
  });
});
