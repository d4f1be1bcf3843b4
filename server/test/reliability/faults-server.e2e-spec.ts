import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sqlite3 from 'sqlite3';
import { MIN_FREE_BYTES } from '../../src/config/data-dir';
import { ADMIN } from '../test-app';
import { agentReport, CANARY, Recorder } from './harness';
import { freePort, ServerProcess } from './processes';

// The server process itself failing: killed with SIGKILL in the middle of ingest load, and
// started on a data folder it cannot write (read-only, or full). Runs the real main.ts.
const AGENTS = 100;
const recorder = new Recorder();

afterAll(() => {
  expect(recorder.leaks()).toEqual([]);
});

function serverEnv(dataDir: string): Record<string, string> {
  return {
    ARCHNEST_DATA_DIR: dataDir,
    ARCHNEST_ADMIN_PASSWORD: ADMIN.password,
    ARCHNEST_AGENT_TOKEN: CANARY.agentToken,
    ARCHNEST_JWT_SECRET: CANARY.jwtSecret,
    ARCHNEST_AGENT_RATE_LIMIT: '100000',
    ARCHNEST_CLIENT_DIR: join(dataDir, 'no-client'),
  };
}

function query<T>(file: string, sql: string): Promise<T[]> {
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(file, sqlite3.OPEN_READWRITE, (error) => {
      if (error) return reject(error);
      db.all(sql, (err, rows) => db.close(() => (err ? reject(err) : resolve(rows as T[]))));
    });
  });
}

describe('SIGKILL during ingest load (e2e)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'archnest-rel-kill-'));
  let server: ServerProcess;
  const sent = new Map<string, number>();
  const acked = new Map<string, number>();

  afterAll(async () => {
    await server?.kill();
    recorder.record('server log', server?.output ?? '');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('restarts on the same data folder with an intact database and no half-written report', async () => {
    server = new ServerProcess(await freePort(), serverEnv(dataDir));
    await server.start();
    let killed = false;
    // Each simulated agent posts its reports one after another, as a real one does.
    const agents = Array.from({ length: AGENTS }, async (_, i) => {
      const hostId = `kill-host-${i}`;
      for (let seq = 1; !killed; seq++) {
        sent.set(hostId, seq);
        try {
          const res = await fetch(`${server.base}/api/agents/docker/report`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${CANARY.agentToken}` },
            body: JSON.stringify(agentReport(hostId, seq)),
          });
          recorder.record('ingest answer', await res.text());
          if (res.status !== 200) throw new Error(`report ${hostId}#${seq} answered ${res.status}`);
          acked.set(hostId, seq);
        } catch (error) {
          if (!killed) throw error;
          return;
        }
      }
    });
    // Let the load run until every agent has been acknowledged a few times, then pull the plug.
    const deadline = Date.now() + 30_000;
    while ([...acked.values()].filter((n) => n >= 3).length < AGENTS && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(acked.size).toBe(AGENTS);
    killed = true;
    await server.kill('SIGKILL');
    await Promise.all(agents);

    const file = join(dataDir, 'archnest.sqlite');
    expect(await query<{ integrity_check: string }>(file, 'PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }]);
    const rows = await query<{ host_id: string; agent_version: string; container_count: number; report: string }>(file, 'SELECT host_id, agent_version, container_count, report FROM docker_agent_reports');
    expect(rows).toHaveLength(AGENTS);
    for (const row of rows) {
      const report = JSON.parse(row.report);
      const seq = Number(row.agent_version);
      // Whole: the row's columns and its report agree, down to the sequence label inside the container.
      expect({ host: row.host_id, report: report.hostId, version: report.agentVersion, count: report.containers.length, label: report.containers[0].labels['archnest.test/seq'] }).toEqual({
        host: row.host_id, report: row.host_id, version: row.agent_version, count: row.container_count, label: row.agent_version,
      });
      // Durable: every acknowledged report survived; nothing newer than what was sent exists.
      expect({ host: row.host_id, atLeastAcked: seq >= acked.get(row.host_id)!, atMostSent: seq <= sent.get(row.host_id)! }).toEqual({ host: row.host_id, atLeastAcked: true, atMostSent: true });
      // Masked before it was written, even under load.
      expect(row.report).not.toContain(CANARY.containerEnv);
    }

    recorder.record('server log (first run)', server.output);
    server = new ServerProcess(server.port, serverEnv(dataDir));
    await server.start();
    const login = await fetch(`${server.base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) });
    const { accessToken } = (await login.json()) as { accessToken: string };
    const hosts = (await (await fetch(`${server.base}/api/agents/docker/hosts`, { headers: { authorization: `Bearer ${accessToken}` } })).json()) as { hostId: string; agentVersion: string }[];
    expect(hosts.map((h) => `${h.hostId}@${h.agentVersion}`).sort()).toEqual(rows.map((r) => `${r.host_id}@${r.agent_version}`).sort());
    const again = await fetch(`${server.base}/api/agents/docker/report`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${CANARY.agentToken}` },
      body: JSON.stringify(agentReport('kill-host-0', 1_000_000)),
    });
    expect(again.status).toBe(200);
  }, 240_000);
});

describe('an unusable data folder (e2e)', () => {
  const parent = mkdtempSync(join(tmpdir(), 'archnest-rel-datadir-'));
  const mounts: string[] = [];
  const immutable: string[] = [];

  afterAll(() => {
    for (const dir of immutable) spawnSync('chattr', ['-i', dir]);
    for (const dir of mounts) spawnSync('umount', [dir]);
    rmSync(parent, { recursive: true, force: true });
  });

  function mountTmpfs(dir: string, options: string): void {
    mkdirSync(dir, { recursive: true });
    const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir], { encoding: 'utf8' });
    if (mounted.status !== 0) throw new Error(`this test needs root and tmpfs to build a read-only or full folder: mount failed: ${mounted.stderr}`);
    mounts.push(dir);
  }

  /** Starts the real main.ts and returns its exit code and its last line (the one an operator reads). */
  async function start(dataDir: string): Promise<{ code: number | null; last: string; output: string }> {
    const { code, output } = await ServerProcess.run(serverEnv(dataDir));
    recorder.record('server log (refused start)', output);
    const lines = output.replace(/\x1b\[[0-9;]*m/g, '').trim().split('\n');
    return { code, last: lines[lines.length - 1], output };
  }

  it('read-only (an immutable folder, which even root cannot write): one clear line, exit 1', async () => {
    const dir = join(parent, 'immutable');
    mkdirSync(dir);
    const made = spawnSync('chattr', ['+i', dir], { encoding: 'utf8' });
    if (made.status !== 0) throw new Error(`chattr +i failed (needs root and ext4/xfs): ${made.stderr}`);
    immutable.push(dir);
    const { code, last } = await start(join(dir, 'data'));
    expect(code).toBe(1);
    expect(last).toMatch(/^ArchNest failed to start: Data folder .*immutable\/data is not usable \((EPERM|EACCES)\): set ARCHNEST_DATA_DIR to a writable folder/);
  }, 120_000);

  it('read-only (a read-only mount): one clear line, exit 1', async () => {
    const dir = join(parent, 'ro');
    mountTmpfs(dir, 'ro,size=1m');
    const { code, last } = await start(dir);
    expect(code).toBe(1);
    expect(last).toMatch(/^ArchNest failed to start: Data folder .*\/ro is not usable \(EROFS\): set ARCHNEST_DATA_DIR/);
  }, 120_000);

  it('full (not one byte left): one clear line, exit 1', async () => {
    const dir = join(parent, 'full');
    mountTmpfs(dir, 'size=64k');
    fill(join(dir, 'filler'));
    const { code, last } = await start(join(dir, 'data'));
    expect(code).toBe(1);
    expect(last).toMatch(/^ArchNest failed to start: Data folder .*\/full\/data is not usable \(ENOSPC\): set ARCHNEST_DATA_DIR to a writable folder with free space/);
  }, 120_000);

  it('nearly full (room for the probe, not for the database): names the folder and the space needed instead of a bare SQLITE_FULL', async () => {
    const dir = join(parent, 'nearly-full');
    mountTmpfs(dir, `size=${MIN_FREE_BYTES + 1024 * 1024}`);
    // Leave 48 KiB: the write probe and the generated secrets fit, the database and its log do not.
    writeFileSync(join(dir, 'filler'), Buffer.alloc(MIN_FREE_BYTES + 1024 * 1024 - 48 * 1024));
    const { code, last, output } = await start(join(dir, 'data'));
    expect(code).toBe(1);
    expect(last).toMatch(/^ArchNest failed to start: Data folder .*\/nearly-full\/data has only \d+ KiB free and ArchNest needs at least 8 MiB: free some space there, or set ARCHNEST_DATA_DIR/);
    expect(output).not.toMatch(/SQLITE_FULL|QueryFailedError/);
  }, 120_000);
});

/** Writes until the file system refuses. */
function fill(file: string): void {
  const chunk = Buffer.alloc(4096);
  try {
    for (let i = 0; i < 100_000; i++) writeFileSync(file, chunk, { flag: 'a' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
    return;
  }
  throw new Error(`${file}: the file system never filled up`);
}
