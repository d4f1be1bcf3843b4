// The shared test environment: a real Docker engine reachable over its socket,
// plain TCP and TLS with client certificates, a local test image, and two real
// sshd (target + jump host) with test users. Every suite that needs a real
// Docker host or SSH server gets it from here, through jest's globalSetup.
//
// ensureTestEnv() is idempotent: whatever already answers is reused, so a second
// run costs a few probes. It throws an Error naming the component that could
// not start; it never skips, in CI or not.
import { readFileSync, writeFileSync } from 'node:fs';
import {
  DOCKER_SOCKET,
  IMAGE,
  TCP_PORT,
  TLS_PORT,
  dockerEnv,
  ensureDockerEngine,
  ensureImage,
  ensureTcpProxy,
  ensureTlsProxy,
} from './env/docker-engine';
import { ensureDir, run, withLock } from './env/processes';
import {
  JUMP_PORT,
  LOGIN_PASSWORD,
  LOGIN_USER,
  NODOCKER_USER,
  RSA_PASSPHRASE,
  SSH_HOST,
  TARGET_PORT,
  ensureClientKeys,
  ensureSshServer,
  ensureUsers,
  fingerprint,
  sshPaths,
  writeClientFiles,
} from './env/ssh-servers';
import { ensurePostgres } from './env/postgres';
import { ensureTlsMaterial, tlsFiles } from './env/tls';

export interface TestEnv {
  dockerSocket: string;
  dockerTcpUrl: string;
  /** PEM text: the CA that signed the server certificate, and the client certificate + key. */
  dockerTls: { url: string; ca: string; cert: string; key: string };
  image: string;
  /** Superuser URL of a private PostgreSQL cluster (no database name; tests create their own). */
  postgresUrl: string;
  ssh: {
    host: string;
    port: number;
    jumpPort: number;
    username: string;
    password: string;
    /** ed25519, OpenSSH format, no passphrase. */
    privateKey: string;
    privateKeyPath: string;
    /** RSA in legacy PEM format, encrypted with rsaPassphrase. */
    rsaPrivateKey: string;
    rsaPassphrase: string;
    /** Same key and password as username, but not in the docker group. */
    noDockerUsername: string;
    hostKeyFingerprint: string;
    jumpHostKeyFingerprint: string;
  };
}

export const TEST_ENV_DIR = '/tmp/archnest-test-env';
const ssh = sshPaths(`${TEST_ENV_DIR}/ssh`);

/** Where everything lives, for tests and for a human debugging a failed run. */
export const TEST_ENV_PATHS = {
  dir: TEST_ENV_DIR,
  envJson: `${TEST_ENV_DIR}/env.json`,
  dockerdLog: `${TEST_ENV_DIR}/dockerd.log`,
  tcpRelayLog: `${TEST_ENV_DIR}/socat-tcp.log`,
  tlsRelayLog: `${TEST_ENV_DIR}/socat-tls.log`,
  tlsDir: `${TEST_ENV_DIR}/tls`,
  sshDir: ssh.dir,
  sshClientConfig: ssh.clientConfig,
  sshKnownHosts: ssh.knownHosts,
  sshdConfig: ssh.serverConfig('target'),
  jumpSshdConfig: ssh.serverConfig('jump'),
  sshdLog: ssh.log('target'),
  jumpSshdLog: ssh.log('jump'),
  postgresDir: `${TEST_ENV_DIR}/postgres`,
  postgresLog: `${TEST_ENV_DIR}/postgres.log`,
};

export async function ensureTestEnv(): Promise<TestEnv> {
  ensureDir(TEST_ENV_DIR, 0o755);
  return withLock(TEST_ENV_DIR, async () => {
    await ensureDockerEngine(TEST_ENV_PATHS.dockerdLog);
    await ensureTcpProxy(TEST_ENV_PATHS.tcpRelayLog);
    const tls = tlsFiles(TEST_ENV_PATHS.tlsDir);
    const certificatesChanged = await ensureTlsMaterial(tls.dir);
    await ensureTlsProxy(tls, certificatesChanged, TEST_ENV_PATHS.tlsRelayLog);
    await ensureImage(`${TEST_ENV_DIR}/image`);

    ensureDir(ssh.dir, 0o755);
    await ensureUsers();
    await ensureClientKeys(ssh);
    const targetKey = await ensureSshServer(ssh, 'target', TARGET_PORT);
    const jumpKey = await ensureSshServer(ssh, 'jump', JUMP_PORT);
    writeClientFiles(ssh, targetKey, jumpKey);
    const postgresUrl = await ensurePostgres(TEST_ENV_PATHS.postgresDir, TEST_ENV_PATHS.postgresLog);

    const env: TestEnv = {
      dockerSocket: DOCKER_SOCKET,
      dockerTcpUrl: `tcp://127.0.0.1:${TCP_PORT}`,
      dockerTls: {
        url: `https://127.0.0.1:${TLS_PORT}`,
        ca: readFileSync(tls.ca, 'utf8'),
        cert: readFileSync(tls.clientCert, 'utf8'),
        key: readFileSync(tls.clientKey, 'utf8'),
      },
      image: IMAGE,
      postgresUrl,
      ssh: {
        host: SSH_HOST,
        port: TARGET_PORT,
        jumpPort: JUMP_PORT,
        username: LOGIN_USER,
        password: LOGIN_PASSWORD,
        privateKey: readFileSync(ssh.clientKey, 'utf8'),
        privateKeyPath: ssh.clientKey,
        rsaPrivateKey: readFileSync(ssh.rsaKey, 'utf8'),
        rsaPassphrase: RSA_PASSPHRASE,
        noDockerUsername: NODOCKER_USER,
        hostKeyFingerprint: fingerprint(targetKey),
        jumpHostKeyFingerprint: fingerprint(jumpKey),
      },
    };
    // Holds keys: readable by root (the test runner) only.
    writeFileSync(TEST_ENV_PATHS.envJson, JSON.stringify(env, null, 2) + '\n', { mode: 0o600 });
    return env;
  });
}

/** The environment written by globalSetup; for use inside test files. */
export function loadTestEnv(): TestEnv {
  let text: string;
  try {
    text = readFileSync(TEST_ENV_PATHS.envJson, 'utf8');
  } catch {
    throw new Error(
      `test-env: ${TEST_ENV_PATHS.envJson} is missing; add globalSetup '<repo>/testing/global-setup.ts' ` +
        'to this jest config (or call ensureTestEnv() first)',
    );
  }
  return JSON.parse(text) as TestEnv;
}

/** Runs the real docker CLI against the local engine; rejects with its stderr on failure. */
export async function docker(args: string[]): Promise<string> {
  const result = await run('docker', args, { env: dockerEnv() });
  if (result.code !== 0) {
    throw new Error(`docker ${args.join(' ')} failed (exit ${result.code}): ${result.stderr.trim()}`);
  }
  return result.stdout;
}
