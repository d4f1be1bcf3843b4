// The real script against the real Docker engine: the report must match
// `docker inspect` field by field, mask secrets and cost exactly three docker calls.
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  IMAGE,
  SECRET,
  countingDocker,
  ensureImage,
  removeByLabel,
  run,
  runAgent,
  runOk,
  runPrefix,
  tempDir,
  waitFor,
  type RunResult,
} from './helpers';

const prefix = runPrefix('report');
const label = `archnest.test.run=${prefix}`;
const volume = `${prefix}-vol`;
const work = tempDir('report');
const bindDir = join(work, 'bind');
const names = {
  web: `${prefix}-web`,
  exited: `${prefix}-exited`,
  paused: `${prefix}-paused`,
  entry: `${prefix}-entry`,
};

interface Container {
  [field: string]: unknown;
  id: string;
  name: string;
  stats: Record<string, number | null> | null;
}
interface Report {
  hostId: string;
  hostname: string;
  agentVersion: string;
  reportedAt: string;
  containers: Container[];
}

let result: RunResult;
let report: Report;
let dockerCalls: string[];
const inspect = new Map<string, any>();

const docker = (...args: string[]) => runOk('docker', args);
const byName = (name: string): Container => {
  const found = report.containers.find((c) => c.name === name);
  if (!found) throw new Error(`${name} missing from the report`);
  return found;
};
const sortBy = <T extends Record<string, any>>(rows: T[], key: string): T[] =>
  [...rows].sort((a, b) => String(a[key]).localeCompare(String(b[key])));
const zeroTimeToNull = (t: string) => (t.startsWith('0001-01-01') ? null : t);

beforeAll(async () => {
  await ensureImage();
  mkdirSync(bindDir);
  await docker('volume', 'create', '--label', label, volume);
  await docker(
    'run', '-d', '--name', names.web, '--label', label, '--label', 'com.example.note=hello world',
    '-p', '127.0.0.1::80', '-v', `${volume}:/data`, '-v', `${bindDir}:/ro:ro`,
    '-e', `DB_PASSWORD=${SECRET}`, '-e', 'github_token=ghp_abc', '-e', 'NODE_ENV=production', '-e', 'EMPTY=',
    '--restart', 'unless-stopped', '--health-cmd', 'true', '--health-interval', '1s',
    IMAGE, 'sh', '-c', "echo 'hi there'; sleep 3600",
  );
  // `docker run` without -d returns the container's exit code, 3 here.
  await run('docker', ['run', '--name', names.exited, '--label', label, IMAGE, 'sh', '-c', 'exit 3']);
  await docker('run', '-d', '--name', names.paused, '--label', label, IMAGE, 'sleep', '3600');
  await docker('pause', names.paused);
  await docker('run', '-d', '--name', names.entry, '--label', label, '--expose', '9000', '--entrypoint', 'sleep', IMAGE, '3600');
  await waitFor('the healthcheck to pass', async () =>
    (await docker('inspect', '-f', '{{.State.Health.Status}}', names.web)).trim() === 'healthy');

  const log = join(work, 'docker-calls.log');
  const bin = await countingDocker(join(work, 'bin'), log);
  result = await runAgent(work, {
    args: ['--dry-run'],
    env: { PATH: `${bin}:${process.env.PATH}`, ARCHNEST_HOST_ID: 'test-host.1', ARCHNEST_HOSTNAME: 'docker01', ARCHNEST_AGENT_DEBUG: '1' },
  });
  dockerCalls = readFileSync(log, 'utf8').split('\n').filter(Boolean);
  report = JSON.parse(result.stdout);
  for (const name of Object.values(names)) inspect.set(name, JSON.parse(await docker('inspect', name))[0]);
}, 90_000);

afterAll(async () => {
  await removeByLabel(label);
  await run('docker', ['volume', 'rm', volume]);
  rmSync(work, { recursive: true, force: true });
});

describe('report from the real engine (--dry-run)', () => {
  it('runs cleanly and costs exactly three docker calls: ps, one inspect, one stats', () => {
    expect(result.code).toBe(0);
    expect(dockerCalls.sort()).toEqual(['inspect', 'ps', 'stats']);
  });

  it('has the report envelope', () => {
    expect(report.hostId).toBe('test-host.1');
    expect(report.hostname).toBe('docker01');
    expect(report.agentVersion).toBe('1');
    expect(report.reportedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(Math.abs(Date.parse(report.reportedAt) - Date.now())).toBeLessThan(60_000);
  });

  it('never shows a secret-looking env value, not even in the debug output', () => {
    expect(result.stdout).not.toContain(SECRET);
    expect(result.stderr).not.toContain(SECRET);
    expect(result.stdout).not.toContain('ghp_abc');
    expect(result.stderr).toContain('"DB_PASSWORD"'); // the debug dump is there, masked
  });

  it.each(Object.keys(names))('matches docker inspect field by field: %s', (key) => {
    const name = names[key as keyof typeof names];
    const i = inspect.get(name);
    const c = byName(name);
    expect(c.id).toBe(i.Id);
    expect(c.id).toMatch(/^[0-9a-f]{64}$/);
    expect(c.image).toBe(i.Config.Image);
    expect(c.imageId).toBe(i.Image);
    expect(c.state).toBe(i.State.Status);
    expect(c.createdAt).toBe(i.Created);
    expect(c.startedAt).toBe(zeroTimeToNull(i.State.StartedAt));
    expect(c.finishedAt).toBe(zeroTimeToNull(i.State.FinishedAt));
    expect(c.exitCode).toBe(i.State.ExitCode);
    expect(c.restartCount).toBe(i.RestartCount);
    expect(c.restartPolicy).toBe(i.HostConfig.RestartPolicy.Name);
    expect(c.health).toBe(i.State.Health?.Status ?? 'none');
    expect(c.labels).toEqual(i.Config.Labels ?? {});
    expect(c.networks).toEqual(
      Object.entries(i.NetworkSettings.Networks).map(([n, v]: [string, any]) => ({ name: n, ip: v.IPAddress || null })),
    );
    // Docker builds Mounts from a map, so its order changes from one call to the next.
    expect(sortBy(c.mounts as any[], 'destination')).toEqual(
      sortBy(i.Mounts.map((m: any) => ({ type: m.Type, source: m.Type === 'volume' ? m.Name : m.Source, destination: m.Destination, rw: m.RW })), 'destination'),
    );
    expect((c.env as any[]).map((e) => e.key)).toEqual((i.Config.Env ?? []).map((e: string) => e.split('=')[0]));
    const ports = Object.entries(i.NetworkSettings.Ports ?? {}).flatMap(([key, bindings]: [string, any]) => {
      const [port, proto] = key.split('/');
      const containerPort = Number(port);
      if (!bindings) return [{ hostIp: null, hostPort: null, containerPort, proto }];
      return bindings.map((b: any) => ({ hostIp: b.HostIp || null, hostPort: Number(b.HostPort), containerPort, proto }));
    });
    expect(c.ports).toEqual(ports);
    // Docker counts a paused container as running (it still holds memory), and so does the agent.
    expect(c.stats === null).toBe(i.State.Running !== true);
    // The shell-quoted command splits back into exactly Path + Args.
    return expectShellWords(c.command as string, [i.Path, ...i.Args]);
  });

  it('reports the running container with its port, volume, read-only bind, env and health', () => {
    const web = byName(names.web);
    expect(web.state).toBe('running');
    expect(web.status).toMatch(/^Up .*\(healthy\)$/);
    expect(web.health).toBe('healthy');
    expect(web.restartPolicy).toBe('unless-stopped');
    const published = (web.ports as any[]).find((p) => p.containerPort === 80);
    expect(published).toMatchObject({ hostIp: '127.0.0.1', proto: 'tcp' });
    expect(published.hostPort).toBeGreaterThan(0);
    expect(web.mounts).toEqual(
      expect.arrayContaining([
        { type: 'volume', source: volume, destination: '/data', rw: true },
        { type: 'bind', source: bindDir, destination: '/ro', rw: false },
      ]),
    );
    expect(sortBy(web.env as any[], 'key')).toEqual(sortBy([
      { key: 'DB_PASSWORD', value: '********' },
      { key: 'github_token', value: '********' },
      { key: 'NODE_ENV', value: 'production' },
      { key: 'EMPTY', value: '' },
    ], 'key'));
    expect(web.labels).toEqual({ 'archnest.test.run': prefix, 'com.example.note': 'hello world' });
    expect(web.command).toBe(`sh -c 'echo '\\''hi there'\\''; sleep 3600'`);
    expect(web.entrypoint).toBeNull();
    expect(web.stats).not.toBeNull();
    const stats = web.stats!;
    expect(Object.keys(stats).sort()).toEqual(
      ['blockReadBytes', 'blockWriteBytes', 'cpuPercent', 'memLimit', 'memUsage', 'netRxBytes', 'netTxBytes'],
    );
    expect(stats.memUsage).toBeGreaterThan(0);
    expect(stats.memLimit).toBeGreaterThan(stats.memUsage!);
    for (const value of Object.values(stats)) expect(Number.isFinite(value) && value! >= 0).toBe(true);
  });

  it('reports the exited container with exit code 3, its finish time and no stats', () => {
    const exited = byName(names.exited);
    expect(exited).toMatchObject({ state: 'exited', exitCode: 3, stats: null, restartPolicy: 'no', health: 'none' });
    expect(exited.status).toMatch(/^Exited \(3\)/);
    expect(exited.finishedAt).toMatch(/^\d{4}-/);
    expect(exited.command).toBe("sh -c 'exit 3'");
  });

  it('reports the paused container as paused', () => {
    const paused = byName(names.paused);
    expect(paused.state).toBe('paused');
    expect(paused.status).toMatch(/\(Paused\)/);
    expect(paused.finishedAt).toBeNull();
    expect(paused.stats?.memUsage).toBeGreaterThan(0);
    expect(paused.stats?.cpuPercent).toBe(0);
  });

  it('reports the entrypoint and an exposed but unpublished port', () => {
    const entry = byName(names.entry);
    expect(entry.entrypoint).toBe('sleep');
    expect(entry.command).toBe('sleep 3600');
    expect(entry.ports).toEqual([{ hostIp: null, hostPort: null, containerPort: 9000, proto: 'tcp' }]);
  });
});

/** Lets bash split the agent's quoted command, so quoting is checked by a real shell, not by a copy of the rule. */
async function expectShellWords(command: string, words: string[]): Promise<void> {
  const split = await run('bash', ['-c', `eval "set -- $1"; printf '%s\\0' "$@"`, 'split', command]);
  expect(split.code).toBe(0);
  expect(split.stdout.split('\0').slice(0, -1)).toEqual(words);
}
