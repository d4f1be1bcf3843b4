import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { createTestApp, type TestApp } from './test-app';
import { connectionsTo, createHost, jumpBody, ssh, targetBody, unauthorizedKey } from './docker-ssh.helpers';

// The SSH host registry against the real sshd of the test environment (target on 22220, jump
// host on 22220+1): validation, trust on first use, authentication errors, jump chains, access.
describe('docker-ssh hosts', () => {
  let t: TestApp;
  let admin: { authorization: string };
  let member: { authorization: string };
  const url = '/api/docker-ssh/hosts';

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.login();
    member = await t.userHeaders('member');
  });
  afterAll(() => t.close());

  const inject = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, headers?: object, payload?: object) =>
    t.app.inject({ method, url: path, headers: headers as Record<string, string>, ...(payload ? { payload } : {}) });

  it('registers a host and never answers its credentials', async () => {
    const res = await inject('POST', url, admin, targetBody('plain', { password: ssh.password }));
    expect(res.statusCode).toBe(201);
    const host = res.json();
    expect(host).toEqual({
      id: expect.any(Number), source: 'docker-ssh', name: 'plain', host: ssh.host, port: ssh.port, username: ssh.username,
      hasPrivateKey: true, hasPassphrase: false, hasPassword: true, jumpHostId: null,
      hostKeyFingerprint: ssh.hostKeyFingerprint, hostKeyConfirmed: true, createdAt: expect.any(String), updatedAt: expect.any(String),
    });
    const listed = await inject('GET', url, member);
    const one = await inject('GET', `${url}/${host.id}`, member);
    for (const body of [res.body, listed.body, one.body]) {
      expect(body).not.toContain(ssh.password);
      expect(body).not.toContain('PRIVATE KEY');
    }
    expect(one.json()).toEqual(host);
  });

  it('defaults the port to 22 and validates every field with bounds', async () => {
    const res = await inject('POST', url, admin, { name: 'default-port', host: 'example.internal', username: 'ops', password: 'x' });
    expect([res.statusCode, res.json().port]).toEqual([201, 22]);
    const bad: [Record<string, unknown>, string][] = [
      [{ host: 'bad host;rm' }, 'host'],
      [{ host: 'a'.repeat(254) }, 'host'],
      [{ port: 0 }, 'port'],
      [{ port: 65536 }, 'port'],
      [{ port: '22' }, 'port'],
      [{ username: '-oProxyCommand=x' }, 'username'],
      [{ name: '' }, 'name'],
      [{ name: 'x'.repeat(65) }, 'name'],
      [{ hostKeyFingerprint: 'MD5:aa:bb' }, 'hostKeyFingerprint'],
      [{ privateKey: 'not a key' }, 'privateKey'],
      [{ privateKey: readFileSync(`${ssh.privateKeyPath}.pub`, 'utf8') }, 'privateKey'],
      [{ privateKey: 'k'.repeat(20_000) }, 'privateKey'],
      [{ privateKey: ssh.rsaPrivateKey }, 'passphrase'],
      [{ privateKey: ssh.rsaPrivateKey, passphrase: 'wrong' }, 'passphrase'],
      [{ privateKey: undefined, passphrase: 'x', password: 'y' }, 'passphrase'],
      [{ privateKey: undefined }, 'privateKey'],
      [{ jumpHostId: 999 }, 'jumpHostId'],
      [{ extra: true }, 'extra'],
    ];
    for (const [overrides, field] of bad) {
      const answer = await inject('POST', url, admin, targetBody(`bad-${field}`, overrides));
      expect({ overrides, status: answer.statusCode, fields: answer.json().fields?.map((f: { path: string }) => f.path) })
        .toEqual({ overrides, status: 400, fields: expect.arrayContaining([field]) });
    }
    const taken = await inject('POST', url, admin, targetBody('plain'));
    expect([taken.statusCode, taken.json().message]).toEqual([409, "An SSH host named 'plain' exists already"]);
  });

  it('keeps credentials only as ciphertext in the SQLite files', async () => {
    const password = `pw-${randomBytes(6).toString('hex')}`;
    const id = await createHost(t, admin, targetBody('sealed', { privateKey: ssh.rsaPrivateKey, passphrase: ssh.rsaPassphrase, password }));
    // A distinctive line of the key body: enough to find the key if it were stored as text.
    const keyLine = ssh.rsaPrivateKey.split('\n').find((l) => l.length > 60)!;
    const files = readdirSync(t.dataDir).filter((f) => f.startsWith('archnest.sqlite'));
    expect(files.length).toBeGreaterThan(0);
    const raw = Buffer.concat(files.map((f) => readFileSync(join(t.dataDir, f))));
    expect(raw.includes('docker_ssh_hosts')).toBe(true);
    for (const secret of [password, ssh.rsaPassphrase, keyLine, 'BEGIN RSA PRIVATE KEY']) expect(raw.includes(secret)).toBe(false);
    expect((await inject('GET', `${url}/${id}`, admin)).json()).toMatchObject({ hasPrivateKey: true, hasPassphrase: true, hasPassword: true });

    // PATCH: omitted stays, null clears; a passphrase goes with its key.
    const patch = (body: object) => inject('PATCH', `${url}/${id}`, admin, body);
    expect((await patch({ name: 'sealed-2' })).json()).toMatchObject({ name: 'sealed-2', hasPrivateKey: true, hasPassphrase: true, hasPassword: true });
    expect((await patch({ passphrase: 'wrong' })).json().fields).toEqual([{ path: 'passphrase', message: 'the private key cannot be decrypted with this passphrase' }]);
    expect((await patch({ privateKey: ssh.privateKey })).json()).toMatchObject({ hasPrivateKey: true, hasPassphrase: false, hasPassword: true });
    expect((await patch({ password: null })).json()).toMatchObject({ hasPrivateKey: true, hasPassword: false });
    expect((await patch({ privateKey: null })).json().fields).toEqual([{ path: 'privateKey', message: 'give a privateKey, a password, or both' }]);
    expect((await patch({ privateKey: null, password })).json()).toMatchObject({ hasPrivateKey: false, hasPassphrase: false, hasPassword: true });
    expect((await patch({ name: null })).statusCode).toBe(400);
    expect((await inject('POST', `${url}/${id}/test`, admin)).json()).toMatchObject({ ok: false, message: expect.stringContaining('authentication failed') });
  });

  it('asks for the host key first, learns it without sending credentials, and works once it is confirmed', async () => {
    // A username sshd has never seen: had we authenticated, its log would say "Invalid user".
    const probeUser = `tofu${randomBytes(4).toString('hex')}`;
    const id = await createHost(t, admin, targetBody('tofu', { hostKeyFingerprint: undefined, username: probeUser }));
    expect((await inject('GET', `${url}/${id}`, admin)).json()).toMatchObject({ hostKeyFingerprint: null, hostKeyConfirmed: false });

    const refused = await inject('GET', `${url}/${id}/containers`, admin);
    expect(refused.statusCode).toBe(412);
    expect(refused.json().message).toContain(`run POST /api/docker-ssh/hosts/${id}/test`);
    expect(refused.json().message).toContain('hostKeyFingerprint');

    const test = await inject('POST', `${url}/${id}/test`, admin);
    expect(test.statusCode).toBe(200);
    expect(test.json()).toMatchObject({ ok: false, presentedFingerprint: ssh.hostKeyFingerprint, pinnedFingerprint: null, fingerprintMatches: null, dockerVersion: null });
    expect(test.json().message).toContain('No credential was sent');
    const log = readFileSync('/tmp/archnest-test-env/ssh/target/sshd.log', 'utf8');
    expect(log).not.toContain(probeUser);

    // The admin confirms what was presented; from then on the real user works.
    const pinned = await inject('PATCH', `${url}/${id}`, admin, { hostKeyFingerprint: test.json().presentedFingerprint, username: ssh.username });
    expect(pinned.json()).toMatchObject({ hostKeyFingerprint: ssh.hostKeyFingerprint, hostKeyConfirmed: true });
    const ok = await inject('POST', `${url}/${id}/test`, admin);
    expect(ok.json()).toMatchObject({ ok: true, presentedFingerprint: ssh.hostKeyFingerprint, fingerprintMatches: true, dockerVersion: expect.stringMatching(/^\d+\.\d+/) });
    expect((await inject('GET', `${url}/${id}/containers`, admin)).statusCode).toBe(200);

    // Moving the host to another address forgets the pin: the old key belonged to the old server.
    const moved = await inject('PATCH', `${url}/${id}`, admin, { port: ssh.jumpPort });
    expect(moved.json()).toMatchObject({ hostKeyFingerprint: null, hostKeyConfirmed: false });
    expect((await inject('GET', `${url}/${id}/containers`, admin)).statusCode).toBe(412);
  });

  it('refuses a changed host key, showing the expected and the presented fingerprint', async () => {
    const id = await createHost(t, admin, targetBody('mismatch', { hostKeyFingerprint: ssh.jumpHostKeyFingerprint }));
    const res = await inject('GET', `${url}/${id}/containers`, admin);
    expect(res.statusCode).toBe(502);
    expect(res.json().message).toContain(`expected ${ssh.jumpHostKeyFingerprint}`);
    expect(res.json().message).toContain(`presented ${ssh.hostKeyFingerprint}`);
    expect(res.json().message).toContain('HOST KEY MISMATCH');
    const test = await inject('POST', `${url}/${id}/test`, admin);
    expect(test.json()).toMatchObject({ ok: false, presentedFingerprint: ssh.hostKeyFingerprint, pinnedFingerprint: ssh.jumpHostKeyFingerprint, fingerprintMatches: false });
  });

  it('names the user and host when the key or the password is refused', async () => {
    const wrongKey = await createHost(t, admin, targetBody('wrong-key', { privateKey: unauthorizedKey() }));
    const wrongPassword = await createHost(t, admin, targetBody('wrong-password', { privateKey: undefined, password: 'not-the-password' }));
    for (const id of [wrongKey, wrongPassword]) {
      const res = await inject('GET', `${url}/${id}/containers`, admin);
      expect([res.statusCode, res.json().message]).toEqual([502, `docker ps: authentication failed for ${ssh.username}@${ssh.host}:${ssh.port}: the server refused the configured key/password`]);
      const test = await inject('POST', `${url}/${id}/test`, admin);
      expect(test.json()).toMatchObject({ ok: false, message: expect.stringContaining(`authentication failed for ${ssh.username}@${ssh.host}:${ssh.port}`) });
    }
  });

  it('logs in with the passphrase-protected RSA PEM key, and with a password alone', async () => {
    const rsa = await createHost(t, admin, targetBody('rsa', { privateKey: ssh.rsaPrivateKey, passphrase: ssh.rsaPassphrase }));
    const password = await createHost(t, admin, targetBody('password', { privateKey: undefined, password: ssh.password }));
    for (const id of [rsa, password]) {
      expect((await inject('POST', `${url}/${id}/test`, admin)).json()).toMatchObject({ ok: true });
      expect((await inject('GET', `${url}/${id}/containers`, admin)).statusCode).toBe(200);
    }
  });

  it('answers an unreachable host and a host without docker rights with a clear 502', async () => {
    const dead = await createHost(t, admin, targetBody('dead', { port: 1 }));
    const started = Date.now();
    const res = await inject('GET', `${url}/${dead}/containers`, admin);
    expect([res.statusCode, res.json().message]).toEqual([502, `docker ps: 'dead' (${ssh.username}@${ssh.host}:1): cannot reach ${ssh.host}:1 (connection refused)`]);
    expect(Date.now() - started).toBeLessThan(5000);

    const nodocker = await createHost(t, admin, targetBody('nodocker', { username: ssh.noDockerUsername }));
    const denied = await inject('GET', `${url}/${nodocker}/containers`, admin);
    expect(denied.statusCode).toBe(502);
    expect(denied.json().message).toBe(`user '${ssh.noDockerUsername}' on 'nodocker' (${ssh.noDockerUsername}@${ssh.host}:${ssh.port}) may not use Docker: permission denied on the Docker socket (add the user to the docker group)`);
    expect((await inject('POST', `${url}/${nodocker}/test`, admin)).json()).toMatchObject({ ok: false, fingerprintMatches: true, message: denied.json().message });
  });

  it('reaches a host through a jump host, and the connection really goes through it', async () => {
    const jump = await createHost(t, admin, jumpBody('jump-1'));
    const target = await createHost(t, admin, targetBody('behind-jump', { jumpHostId: jump }));
    const jumpBefore = new Set(connectionsTo(ssh.jumpPort).map((c) => c.local));
    const targetBefore = new Set(connectionsTo(ssh.port).map((c) => c.local));

    const res = await inject('GET', `${url}/${target}/containers`, admin);
    expect(res.statusCode).toBe(200);
    // The pooled connection stays open: this process holds a new connection to the jump host, and
    // the new connection to the target belongs to the jump host's sshd, none to this process.
    // (Other test files may connect to the target at the same time, from their own processes.)
    const jumpNew = connectionsTo(ssh.jumpPort).filter((c) => !jumpBefore.has(c.local));
    const targetNew = connectionsTo(ssh.port).filter((c) => !targetBefore.has(c.local));
    expect(jumpNew.filter((c) => c.pid === process.pid).length).toBeGreaterThanOrEqual(1);
    expect(targetNew.map((c) => c.process)).toContain('sshd');
    expect(targetNew.filter((c) => c.pid === process.pid)).toEqual([]);
    expect((await inject('POST', `${url}/${target}/test`, admin)).json()).toMatchObject({ ok: true });

    // Jump host that cannot forward (the target sshd has AllowTcpForwarding no).
    const noForward = await createHost(t, admin, targetBody('no-forward'));
    const stuck = await createHost(t, admin, jumpBody('via-no-forward', { jumpHostId: noForward }));
    const refused = await inject('GET', `${url}/${stuck}/containers`, admin);
    expect(refused.statusCode).toBe(502);
    expect(refused.json().message).toContain(`jump host 'no-forward'`);
  });

  it('chains up to 3 jump hosts and refuses a fourth and every loop, on create and on patch', async () => {
    const j1 = await createHost(t, admin, jumpBody('chain-1'));
    const j2 = await createHost(t, admin, jumpBody('chain-2', { jumpHostId: j1 }));
    const j3 = await createHost(t, admin, jumpBody('chain-3', { jumpHostId: j2 }));
    const target = await createHost(t, admin, targetBody('chain-target', { jumpHostId: j3 }));
    const res = await inject('GET', `${url}/${target}/containers`, admin);
    expect(res.statusCode).toBe(200);

    const tooLong = await inject('POST', url, admin, targetBody('chain-too-long', { jumpHostId: target }));
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.json().message).toContain('more than 3 jump hosts');

    const loop = await inject('PATCH', `${url}/${j1}`, admin, { jumpHostId: j3 });
    expect(loop.statusCode).toBe(400);
    expect(loop.json().message).toMatch(/loop: 'chain-1' → 'chain-3' → 'chain-2' → 'chain-1'|loop/);
    const self = await inject('PATCH', `${url}/${j1}`, admin, { jumpHostId: j1 });
    expect([self.statusCode, self.json().fields[0].path]).toEqual([400, 'jumpHostId']);
    // Lengthening the chain under a dependent is refused too.
    const extra = await createHost(t, admin, jumpBody('chain-0'));
    const deeper = await inject('PATCH', `${url}/${j1}`, admin, { jumpHostId: extra });
    expect([deeper.statusCode, deeper.json().message]).toEqual([400, expect.stringContaining("'chain-target' would need more than 3 jump hosts")]);

    // A host others jump through cannot be deleted; clearing the reference first works.
    const inUse = await inject('DELETE', `${url}/${j1}`, admin);
    expect([inUse.statusCode, inUse.json().message]).toEqual([409, "'chain-1' is the jump host of 'chain-2'; change or delete those first"]);
    expect((await inject('PATCH', `${url}/${j2}`, admin, { jumpHostId: null })).json().jumpHostId).toBeNull();
    expect((await inject('DELETE', `${url}/${j1}`, admin)).statusCode).toBe(204);
    expect((await inject('GET', `${url}/${j1}`, admin)).statusCode).toBe(404);
  });

  it('lets members read and nobody else change, and anonymous callers nothing', async () => {
    const id = await createHost(t, admin, targetBody('access'));
    const routes: ['GET' | 'POST' | 'PATCH' | 'DELETE', string, object?][] = [
      ['POST', url, targetBody('by-member')],
      ['PATCH', `${url}/${id}`, { name: 'renamed' }],
      ['DELETE', `${url}/${id}`],
      ['POST', `${url}/${id}/test`],
      ['POST', `${url}/${id}/containers/anything/restart`],
      ['DELETE', `${url}/${id}/containers/anything?force=true`],
    ];
    for (const [method, path, body] of routes) {
      expect([method, path, (await inject(method, path, member, body)).statusCode]).toEqual([method, path, 403]);
      expect([method, path, (await inject(method, path, {}, body)).statusCode]).toEqual([method, path, 401]);
    }
    for (const path of [url, `${url}/${id}`, `${url}/${id}/containers`]) {
      expect([path, (await inject('GET', path, {})).statusCode]).toEqual([path, 401]);
      expect([path, (await inject('GET', path, member)).statusCode]).toEqual([path, 200]);
    }
    expect((await inject('GET', `${url}/${id}`, admin)).json().name).toBe('access');
  });
});

describe('docker-ssh hosts that do not answer', () => {
  let t: TestApp;
  let silent: Server;
  const held: Socket[] = [];

  beforeAll(async () => {
    // Accepts TCP and never says a word: a hung sshd, or a firewall that swallows packets after the SYN.
    silent = createServer((socket) => held.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    t = await createTestApp({ ARCHNEST_DOCKER_CONNECT_TIMEOUT_MS: '800' });
  });
  afterAll(async () => {
    await t.close();
    for (const socket of held) socket.destroy();
    await new Promise<void>((resolve) => silent.close(() => resolve()));
  });

  it('gives up on the handshake within the connect timeout with a 504 naming the host', async () => {
    const admin = await t.login();
    const port = (silent.address() as AddressInfo).port;
    const id = await createHost(t, admin, targetBody('silent', { port }));
    const started = Date.now();
    const res = await t.app.inject({ method: 'GET', url: `/api/docker-ssh/hosts/${id}/containers`, headers: admin });
    expect([res.statusCode, res.json().message]).toEqual([504, `docker ps: 'silent' (${ssh.username}@${ssh.host}:${port}): no SSH handshake within 800 ms`]);
    expect(Date.now() - started).toBeLessThan(2500);
    const test = await t.app.inject({ method: 'POST', url: `/api/docker-ssh/hosts/${id}/test`, headers: admin });
    expect(test.json()).toMatchObject({ ok: false, presentedFingerprint: null, message: expect.stringContaining('no SSH handshake within 800 ms') });
  });
});
