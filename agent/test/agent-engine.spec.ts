// How the script copes with what the engine answers: nothing, a container
// vanishing mid-run, a hung or unreachable engine, and docker's human units.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { IMAGE, countingDocker, ensureImage, removeByLabel, runAgent, runOk, runPrefix, tempDir, which, writeExecutable } from './helpers';

const work = tempDir('engine');
const hostEnv = { ARCHNEST_HOST_ID: 'engine-test' };

afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A fake `docker` answering each subcommand from a fixture file and logging the calls. */
function replayDocker(name: string, fixtures: { ps?: string; inspect?: string; stats?: string }): { path: string; log: string } {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  const log = join(dir, 'calls.log');
  for (const [cmd, body] of Object.entries(fixtures)) writeFileSync(join(dir, `${cmd}.out`), body);
  writeExecutable(
    join(dir, 'docker'),
    `#!/bin/sh\necho "$1" >> '${log}'\nf='${dir}'/"$1".out\n[ -f "$f" ] && cat "$f"\nexit 0\n`,
  );
  return { path: `${dir}:${process.env.PATH}`, log };
}

const calls = (log: string): string[] => readFileSync(log, 'utf8').split('\n').filter(Boolean);

describe('engine edge cases', () => {
  it('sends a valid empty report for zero containers and skips inspect and stats', async () => {
    const fake = replayDocker('empty', { ps: '' });
    const result = await runAgent(work, { args: ['--dry-run'], env: { ...hostEnv, PATH: fake.path } });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({ hostId: 'engine-test', agentVersion: '1', containers: [] });
    expect(calls(fake.log)).toEqual(['ps']);
  });

  it('converts docker stats human units to bytes inside the report', async () => {
    const id = (c: string) => c.repeat(64);
    const inspectOf = (cid: string, running: boolean) => ({
      Id: cid, Name: `/c-${cid[0]}`, Image: 'sha256:' + 'f'.repeat(64), Created: '2026-01-02T03:04:05.123456789Z',
      Path: '/docker-entrypoint.sh', Args: ['nginx', '-g', 'daemon off;'],
      State: { Status: running ? 'running' : 'exited', Running: running, ExitCode: running ? 0 : 137,
        StartedAt: '2026-01-02T03:04:06Z', FinishedAt: running ? '0001-01-01T00:00:00Z' : '2026-01-02T04:00:00Z' },
      RestartCount: 2, HostConfig: { RestartPolicy: { Name: '' } },
      Config: { Image: 'nginx:1.27', Env: ['AWS_SECRET_ACCESS_KEY=abc', 'NO_VALUE', 'X=a=b'], Entrypoint: ['/docker-entrypoint.sh'], Labels: null },
      NetworkSettings: { Ports: {}, Networks: {} }, Mounts: [{ Type: 'tmpfs', Source: '', Destination: '/run', RW: true }],
    });
    const fake = replayDocker('units', {
      ps: `{"id":"${id('a')}","status":"Up 3 hours"}\n{"id":"${id('b')}","status":"Exited (137) 1 hour ago"}\n`,
      inspect: JSON.stringify([inspectOf(id('a'), true), inspectOf(id('b'), false)]),
      stats: `{"id":"${id('a')}","cpu":"112.50%","mem":"12.3MiB / 1.5GiB","net":"1.2kB / 3.4MB","block":"0B / 1.5GB"}\n` +
        `{"id":"${id('b')}","cpu":"--","mem":"-- / --","net":"0B / 0B","block":"0B / 0B"}\n`,
    });
    const result = await runAgent(work, { args: ['--dry-run'], env: { ...hostEnv, PATH: fake.path } });
    expect(result.code).toBe(0);
    const [a, b] = JSON.parse(result.stdout).containers;
    expect(a.stats).toEqual({
      cpuPercent: 112.5, memUsage: 12897485, memLimit: 1610612736,
      netRxBytes: 1200, netTxBytes: 3400000, blockReadBytes: 0, blockWriteBytes: 1500000000,
    });
    expect(b.stats).toBeNull(); // not running: docker's stats row is ignored
    expect(a).toMatchObject({
      name: 'c-a', status: 'Up 3 hours', finishedAt: null, restartPolicy: 'no', restartCount: 2, labels: {},
      command: "/docker-entrypoint.sh nginx -g 'daemon off;'", entrypoint: '/docker-entrypoint.sh',
      env: [{ key: 'AWS_SECRET_ACCESS_KEY', value: '********' }, { key: 'NO_VALUE', value: null }, { key: 'X', value: 'a=b' }],
      mounts: [{ type: 'tmpfs', source: null, destination: '/run', rw: true }],
    });
    expect(b).toMatchObject({ state: 'exited', exitCode: 137, finishedAt: '2026-01-02T04:00:00Z' });
    expect(calls(fake.log).sort()).toEqual(['inspect', 'ps', 'stats']);
  });

  it('fails with a clear message when docker ps returns something that is not a container id', async () => {
    const fake = replayDocker('badid', { ps: '{"id":"$(reboot)","status":"Up"}\n' });
    const result = await runAgent(work, { args: ['--dry-run'], env: { ...hostEnv, PATH: fake.path } });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('unexpected container id');
    expect(calls(fake.log)).toEqual(['ps']);
  });

  it('fails with a clear message when docker inspect returns something that is not JSON', async () => {
    const fake = replayDocker('garbage', { ps: `{"id":"${'d'.repeat(64)}","status":"Up"}\n`, inspect: '[{bad', stats: '' });
    const result = await runAgent(work, { args: ['--dry-run'], env: { ...hostEnv, PATH: fake.path } });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain("could not assemble the report from docker's output");
  });

  it('leaves out a container removed between docker ps and docker inspect', async () => {
    await ensureImage();
    const prefix = runPrefix('race');
    const label = `archnest.test.run=${prefix}`;
    try {
      const keep = (await runOk('docker', ['create', '--name', `${prefix}-keep`, '--label', label, IMAGE])).trim();
      const gone = (await runOk('docker', ['create', '--name', `${prefix}-gone`, '--label', label, IMAGE])).trim();
      const real = await which('docker');
      const log = join(work, 'race.log');
      // The wrapper removes the victim with the real CLI just before the inspect call.
      const bin = await countingDocker(join(work, 'race-bin'), log, `[ "$1" = inspect ] && '${real}' rm -f ${gone} >/dev/null\n`);
      const result = await runAgent(work, { args: ['--dry-run'], env: { ...hostEnv, PATH: `${bin}:${process.env.PATH}` } });
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      const ids = JSON.parse(result.stdout).containers.map((c: { id: string }) => c.id);
      expect(ids).toContain(keep);
      expect(ids).not.toContain(gone);
    } finally {
      await removeByLabel(label);
    }
  });

  describe('with a container on the engine', () => {
    const label = `archnest.test.run=${runPrefix('hang')}`;
    // Without any container the script never calls stats, so one must exist.
    beforeAll(async () => {
      await ensureImage();
      await runOk('docker', ['create', '--label', label, IMAGE]);
    });
    afterAll(() => removeByLabel(label));

    it.each([
      ['ps', ''],
      ['stats', 'stats --no-stream'],
    ])('ends a hung engine (hanging in %s) with a timeout error within ARCHNEST_DOCKER_TIMEOUT', async (hangOn, shown) => {
      const real = await which('docker');
      const dir = join(work, `hang-${hangOn}`);
      mkdirSync(dir);
      // Not `exec sleep`: the orphaned grandchild must not keep the run alive either.
      writeExecutable(join(dir, 'docker'), `#!/bin/sh\nif [ "$1" = ${hangOn} ]; then sleep 300; exit 0; fi\nexec '${real}' "$@"\n`);
      const result = await runAgent(work, {
        args: ['--dry-run'],
        env: { ...hostEnv, PATH: `${dir}:${process.env.PATH}`, ARCHNEST_DOCKER_TIMEOUT: '2' },
      });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`'docker ${shown || hangOn}' did not answer within 2s`);
      expect(result.stdout).toBe('');
      expect(result.ms).toBeLessThan(2_000 + 3_000);
    });
  });

  it('reports an unreachable engine with docker\'s own reason', async () => {
    const result = await runAgent(work, {
      args: ['--dry-run'],
      env: { ...hostEnv, DOCKER_HOST: `unix://${work}/no-such-docker.sock` },
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^archnest-agent: error: 'docker ps' failed \(exit 1\): .*no-such-docker\.sock/m);
  });
});
