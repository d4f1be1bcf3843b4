// Processes the fault tests start and kill: a socat relay to the Docker socket, a throw-away
// sshd, and the real server (main.ts) as a child. Each is started here, on its own spare port,
// and only ever killed by its own pid (or its own process group), never the shared ones.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fingerprint } from '../../../testing/env/ssh-servers';
import { TEST_ENV_PATHS } from '../../../testing/test-env';
import { waitFor } from './harness';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export function portAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** A stand-in for a remote Docker engine: loopback TCP relayed to the local socket, in its own process group. */
export class DockerRelay {
  private child: ChildProcess | null = null;

  constructor(readonly port: number) {}

  get url(): string {
    return `tcp://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.child = spawn('socat', [`TCP-LISTEN:${this.port},bind=127.0.0.1,reuseaddr,fork`, 'UNIX-CONNECT:/var/run/docker.sock'], { detached: true, stdio: 'ignore' });
    await waitFor(() => portAnswers(this.port), 5000, `socat relay on ${this.port}`);
  }

  /** The whole group: socat forks one child per connection, and a stopped engine answers on none of them. */
  signal(signal: NodeJS.Signals): void {
    if (this.child?.pid) process.kill(-this.child.pid, signal);
  }

  async kill(): Promise<void> {
    if (!this.child?.pid) return;
    const child = this.child;
    this.child = null;
    const gone = new Promise((resolve) => child.once('exit', resolve));
    try {
      process.kill(-child.pid!, 'SIGCONT');
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
    await gone;
  }
}

/** Every descendant of a pid, from /proc (sshd forks a process per connection and session). */
function descendants(root: number): number[] {
  const parentOf = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      parentOf.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // ended while we looked
    }
  }
  const found: number[] = [];
  const queue = [root];
  while (queue.length) {
    const pid = queue.shift()!;
    for (const [child, parent] of parentOf) {
      if (parent !== pid) continue;
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

/**
 * A throw-away sshd on a spare port, configured like the shared test target (testing/env/ssh-servers.ts):
 * the test users, their authorized keys, its own host key. Runs in the foreground (-D), so its
 * pid is ours and its sessions are its descendants.
 */
export class ThrowAwaySshd {
  readonly dir = mkdtempSync(join(tmpdir(), 'archnest-rel-sshd-'));
  private child: ChildProcess | null = null;
  fingerprint = '';

  constructor(readonly port: number) {
    const hostKey = join(this.dir, 'host_ed25519');
    const made = spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', hostKey]);
    if (made.status !== 0) throw new Error(`ssh-keygen failed: ${made.stderr}`);
    this.fingerprint = fingerprint(readFileSync(`${hostKey}.pub`, 'utf8'));
    writeFileSync(
      join(this.dir, 'sshd_config'),
      [
        `Port ${port}`, 'ListenAddress 127.0.0.1', `HostKey ${hostKey}`, `PidFile ${join(this.dir, 'sshd.pid')}`, 'UsePAM no', 'StrictModes no',
        'PermitRootLogin no', 'AllowUsers archnest', 'PubkeyAuthentication yes', 'PasswordAuthentication yes',
        `AuthorizedKeysFile ${join(TEST_ENV_PATHS.sshDir, 'authorized_keys')}`, 'AllowTcpForwarding no', 'UseDNS no', 'MaxSessions 20', 'LogLevel ERROR', '',
      ].join('\n'),
    );
  }

  async start(): Promise<void> {
    this.child = spawn('/usr/sbin/sshd', ['-D', '-f', join(this.dir, 'sshd_config'), '-E', join(this.dir, 'sshd.log')], { stdio: 'ignore' });
    await waitFor(() => portAnswers(this.port), 10_000, `throw-away sshd on ${this.port}`);
  }

  /** The listener and every session process under it, at once: the machine lost its sshd. */
  async killAll(): Promise<number> {
    const child = this.child;
    if (!child?.pid) return 0;
    this.child = null;
    const pids = [...descendants(child.pid), child.pid];
    const gone = new Promise((resolve) => child.once('exit', resolve));
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    await gone;
    return pids.length;
  }
}

/** The real server, `main.ts` through ts-node (the build in dist/ may be stale or being rebuilt by someone). */
export class ServerProcess {
  private child: ChildProcess | null = null;
  output = '';

  constructor(
    readonly port: number,
    private readonly env: Record<string, string>,
  ) {}

  get base(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(timeoutMs = 90_000): Promise<void> {
    const root = join(__dirname, '../../..');
    this.child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', join(root, 'server/src/main.ts')], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', TS_NODE_PROJECT: join(root, 'server/tsconfig.json'), ARCHNEST_PORT: String(this.port), ARCHNEST_HOST: '127.0.0.1', ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout!.on('data', (c: Buffer) => (this.output += c.toString('utf8')));
    this.child.stderr!.on('data', (c: Buffer) => (this.output += c.toString('utf8')));
    const child = this.child;
    await waitFor(
      async () => {
        if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}) while starting: ${this.output.slice(-800)}`);
        return fetch(`${this.base}/api/health`).then((r) => r.ok, () => false);
      },
      timeoutMs,
      `server on ${this.port}`,
    );
  }

  /** Runs to its end (for servers that must refuse to start); the exit code and everything it printed. */
  static async run(env: Record<string, string>, timeoutMs = 90_000): Promise<{ code: number | null; output: string }> {
    const server = new ServerProcess(await freePort(), env);
    const root = join(__dirname, '../../..');
    const result = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', join(root, 'server/src/main.ts')], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', TS_NODE_PROJECT: join(root, 'server/tsconfig.json'), ARCHNEST_PORT: String(server.port), ARCHNEST_HOST: '127.0.0.1', ...env },
      encoding: 'utf8',
      timeout: timeoutMs,
    });
    return { code: result.status, output: `${result.stdout}${result.stderr}` };
  }

  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    this.child = null;
    const gone = new Promise((resolve) => child.once('exit', resolve));
    child.kill(signal);
    await gone;
  }
}
