// Tests of the shared test environment itself: if these fail, the product's
// Docker/SSH suites would fail for reasons that have nothing to do with the product.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Client, type ConnectConfig } from 'ssh2';
import { docker, ensureTestEnv, loadTestEnv, TEST_ENV_PATHS } from './test-env';
import { getTcp, getTls } from './env/docker-engine';
import { pidsMatching, run, runOk } from './env/processes';

const env = loadTestEnv();
const sshConfig = ['-F', TEST_ENV_PATHS.sshClientConfig];
const target = `${env.ssh.username}@${env.ssh.host}`;
let engineVersion = '';

beforeAll(async () => {
  engineVersion = (await docker(['version', '--format', '{{.Server.Version}}'])).trim();
  expect(engineVersion).toMatch(/^\d+\.\d+/);
});

describe('Docker engine endpoints', () => {
  it('relays plain TCP to the local engine', async () => {
    expect(env.dockerTcpUrl).toBe('tcp://127.0.0.1:23750');
    const res = await getTcp('/version');
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body).Version).toBe(engineVersion);
  });

  it('answers over TLS to a client presenting the test client certificate', async () => {
    expect(env.dockerTls.url).toBe('https://127.0.0.1:23760');
    const res = await getTls('/version', env.dockerTls);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body).Version).toBe(engineVersion);
  });

  it('refuses a TLS client without a client certificate', async () => {
    await expect(getTls('/version', { ca: env.dockerTls.ca })).rejects.toThrow();
  });

  it('refuses a client certificate the test CA did not sign', async () => {
    const dir = mkdtempSync('/tmp/archnest-foreign-cert-');
    try {
      await runOk('foreign cert', 'openssl', [
        'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
        '-keyout', `${dir}/key.pem`, '-out', `${dir}/cert.pem`, '-days', '1', '-subj', '/CN=intruder',
      ]);
      const foreign = { ca: env.dockerTls.ca, cert: readFileSync(`${dir}/cert.pem`, 'utf8'), key: readFileSync(`${dir}/key.pem`, 'utf8') };
      await expect(getTls('/version', foreign)).rejects.toThrow();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('test image', () => {
  it('runs echo', async () => {
    expect(await docker(['run', '--rm', env.image, 'echo', 'archnest-image-ok'])).toBe('archnest-image-ok\n');
  });

  it('defaults to /bin/sh so a container can be left running', async () => {
    expect((await docker(['image', 'inspect', '-f', '{{json .Config.Cmd}}', env.image])).trim()).toBe('["/bin/sh"]');
  });
});

describe('sshd target and jump host', () => {
  it('lets archnest run docker with the ed25519 key', async () => {
    const res = await run('ssh', [...sshConfig, '-p', String(env.ssh.port), target, 'docker version --format {{.Server.Version}}']);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    expect(res.stdout.trim()).toBe(engineVersion);
  });

  it('denies nodocker access to the docker socket', async () => {
    const res = await run('ssh', [...sshConfig, '-p', String(env.ssh.port), `${env.ssh.noDockerUsername}@${env.ssh.host}`, 'docker ps']);
    expect(res.code).not.toBe(0);
    expect(res.stderr).toMatch(/permission denied/i);
  });

  it('reaches the target through the jump host (ssh -J)', async () => {
    const acceptedOnJump = (): number => (readFileSync(TEST_ENV_PATHS.jumpSshdLog, 'utf8').match(/Accepted publickey for archnest/g) ?? []).length;
    const before = acceptedOnJump();
    const res = await run('ssh', [
      ...sshConfig, '-J', `${target}:${env.ssh.jumpPort}`, '-p', String(env.ssh.port), target, 'echo via-jump',
    ]);
    expect(res.stderr).toBe('');
    expect(res.stdout).toBe('via-jump\n');
    // At least ours: other suites may log in through the jump host at the same time.
    expect(acceptedOnJump()).toBeGreaterThanOrEqual(before + 1);
  });

  it('does not let the target act as a jump host', async () => {
    const res = await run('ssh', [
      ...sshConfig, '-J', `${target}:${env.ssh.port}`, '-p', String(env.ssh.jumpPort), target, 'echo should-not-run',
    ]);
    expect(res.code).not.toBe(0);
    expect(res.stdout).toBe('');
  });

  it('accepts the password and the passphrase-protected RSA PEM key (through ssh2)', async () => {
    expect(env.ssh.rsaPrivateKey).toContain('BEGIN RSA PRIVATE KEY');
    expect(env.ssh.rsaPrivateKey).toContain('ENCRYPTED');
    const byPassword = await ssh2Exec({ password: env.ssh.password }, 'id -nG');
    expect(byPassword.split(/\s+/)).toContain('docker');
    const byRsa = await ssh2Exec({ privateKey: env.ssh.rsaPrivateKey, passphrase: env.ssh.rsaPassphrase }, 'whoami');
    expect(byRsa.trim()).toBe('archnest');
    await expect(ssh2Exec({ password: 'wrong-password' }, 'whoami')).rejects.toThrow(/authentication/i);
  });

  it('reports host key fingerprints equal to those ssh-keyscan sees', async () => {
    for (const [port, expected] of [[env.ssh.port, env.ssh.hostKeyFingerprint], [env.ssh.jumpPort, env.ssh.jumpHostKeyFingerprint]] as const) {
      const scanned = await runOk('keyscan', 'sh', ['-c', `ssh-keyscan -t ed25519 -p ${port} 127.0.0.1 2>/dev/null | ssh-keygen -lf -`]);
      expect(expected).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
      expect(scanned.split(/\s+/)[1]).toBe(expected);
    }
    expect(env.ssh.hostKeyFingerprint).not.toBe(env.ssh.jumpHostKeyFingerprint);
  });
});

describe('ensureTestEnv', () => {
  it('is idempotent: a second call reuses the running daemons and the same keys', async () => {
    const markers = [`-f ${TEST_ENV_PATHS.sshdConfig}`, `-f ${TEST_ENV_PATHS.jumpSshdConfig}`, 'TCP-LISTEN:23750,', 'OPENSSL-LISTEN:23760,'];
    const listeners = (): number[] => markers.map((marker) => Math.min(...pidsMatching(marker)));
    const before = listeners();
    expect(before.every(Number.isFinite)).toBe(true);
    const again = await ensureTestEnv();
    expect(listeners()).toEqual(before);
    expect(again).toEqual(env);
    expect(loadTestEnv()).toEqual(env);
  });
});

/** One command over ssh2 (the library the product uses), pinning the target's host key. */
function ssh2Exec(auth: Partial<ConnectConfig>, command: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const client = new Client();
    client
      .on('ready', () => {
        client.exec(command, (error, stream) => {
          if (error) return reject(error);
          let out = '';
          stream.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
          stream.stderr.on('data', () => undefined);
          stream.on('close', (code: number) => {
            client.end();
            if (code === 0) resolve(out);
            else reject(new Error(`${command} exited ${code}`));
          });
        });
      })
      .on('error', reject)
      .connect({
        host: env.ssh.host,
        port: env.ssh.port,
        username: env.ssh.username,
        readyTimeout: 15_000,
        hostVerifier: (key: Buffer) =>
          `SHA256:${createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}` === env.ssh.hostKeyFingerprint,
        ...auth,
      });
  });
}
