import { spawnSync } from 'node:child_process';
import { healthOf, parseCliDate, parseIdAndState, parseLabels, parsePorts, parsePsOutput, parseSize, parseStatsOutput } from './docker-cli-output';
import { dockerFailureToHttp } from './docker-ssh-errors';

const ID = 'a'.repeat(64);

describe('docker CLI output', () => {
  it('maps a `docker ps` JSON row to the summary shape', () => {
    const line = JSON.stringify({
      ID, Names: 'web', Image: 'nginx:1.27', State: 'running', Status: 'Up 3 hours (healthy)', CreatedAt: '2026-11-23 00:54:06 +0000 UTC',
      Ports: '0.0.0.0:8080->80/tcp, :::8080->80/tcp, 443/tcp', Labels: 'a=b,c,x=y',
    });
    expect(parsePsOutput(`${line}\n\n`)).toEqual([{
      id: ID, name: 'web', image: 'nginx:1.27', imageId: null, state: 'running', status: 'Up 3 hours (healthy)', health: 'healthy',
      createdAt: '2026-11-23T00:54:06.000Z', startedAt: null,
      ports: [
        { hostIp: '0.0.0.0', hostPort: 8080, containerPort: 80, proto: 'tcp' },
        { hostIp: '::', hostPort: 8080, containerPort: 80, proto: 'tcp' },
        { hostIp: null, hostPort: null, containerPort: 443, proto: 'tcp' },
      ],
      labels: { a: 'b,c', x: 'y' },
      stats: null,
    }]);
  });

  it('derives the state from the status text when an old CLI has no State column', () => {
    const row = (Status: string) => parsePsOutput(JSON.stringify({ ID, Names: 'x', Image: 'i', Status }))[0].state;
    expect(row('Up 2 minutes (Paused)')).toBe('paused');
    expect(row('Up 2 minutes')).toBe('running');
    expect(row('Exited (0) 3 days ago')).toBe('exited');
    expect(row('Created')).toBe('created');
    expect(row('Restarting (1) 5 seconds ago')).toBe('restarting');
  });

  it('skips rows without a full id and refuses JSON that is not JSON', () => {
    expect(parsePsOutput(JSON.stringify({ ID: 'abc' }))).toEqual([]);
    expect(() => parsePsOutput('{not json')).toThrow();
  });

  it('reads port ranges, UDP and IPv6 bindings', () => {
    expect(parsePorts('127.0.0.1:8000-8001->8000-8001/udp')).toEqual([
      { hostIp: '127.0.0.1', hostPort: 8000, containerPort: 8000, proto: 'udp' },
      { hostIp: '127.0.0.1', hostPort: 8001, containerPort: 8001, proto: 'udp' },
    ]);
    expect(parsePorts('[::1]:9000->90/tcp')[0]).toEqual({ hostIp: '[::1]', hostPort: 9000, containerPort: 90, proto: 'tcp' });
    expect(parsePorts('5000-9000/tcp')).toHaveLength(1000);
    expect(parsePorts('garbage, ')).toEqual([]);
  });

  it('reads labels with commas and equals signs in values', () => {
    expect(parseLabels('')).toEqual({});
    expect(parseLabels('k=v=w,z=')).toEqual({ k: 'v=w', z: '' });
  });

  it('reads human sizes in binary and decimal units, and nothing else', () => {
    expect(parseSize('0B')).toBe(0);
    expect(parseSize('646B')).toBe(646);
    expect(parseSize('1.2kB')).toBe(1200);
    expect(parseSize('568KiB')).toBe(568 * 1024);
    expect(parseSize('23.54GiB')).toBe(Math.round(23.54 * 2 ** 30));
    expect(parseSize('3.4MB')).toBe(3_400_000);
    expect(parseSize('--')).toBeNull();
    expect(parseSize('12 parsecs')).toBeNull();
    expect(parseSize(undefined)).toBeNull();
  });

  it('maps a `docker stats` row', () => {
    const line = JSON.stringify({ BlockIO: '4.1kB / 0B', CPUPerc: '0.08%', MemUsage: '568KiB / 23.54GiB', NetIO: '646B / 1.5MB', PIDs: '2' });
    expect(parseStatsOutput(line)).toEqual({
      cpuPercent: 0.08, memUsage: 581632, memLimit: Math.round(23.54 * 2 ** 30), netRxBytes: 646, netTxBytes: 1_500_000, blockReadBytes: 4100, blockWriteBytes: 0,
    });
    expect(parseStatsOutput(JSON.stringify({ CPUPerc: '--', MemUsage: '-- / --' })).cpuPercent).toBeNull();
  });

  it('reads dates, health and the action read-back', () => {
    expect(parseCliDate('2026-01-02 03:04:05 +0200 CEST')).toBe('2026-01-02T01:04:05.000Z');
    expect(parseCliDate('yesterday')).toBeNull();
    expect(healthOf('Up 1 second (health: starting)')).toBe('starting');
    expect(healthOf('Up 1 second (unhealthy)')).toBe('unhealthy');
    expect(parseIdAndState(`${ID} exited\n${ID} running\n`)).toEqual([{ id: ID, state: 'exited' }, { id: ID, state: 'running' }]);
  });
});

describe('docker CLI failures', () => {
  const remote = { label: "'web' (ops@10.0.0.5:22)", username: 'ops' };
  const failed = (code: number | null, stderr: string) => ({ code, signal: null, stdout: Buffer.from('[]\n'), stderr: Buffer.from(stderr) });

  it('names a missing docker CLI, from what real shells print', () => {
    // The real messages of dash and bash when a command is missing, not hand-written ones.
    for (const shell of ['/bin/sh', '/bin/bash']) {
      const run = spawnSync(shell, ['-c', 'docker ps'], { env: { PATH: '/nonexistent' } });
      const error = dockerFailureToHttp({ code: run.status, signal: null, stdout: run.stdout, stderr: run.stderr }, remote, 'docker ps');
      expect(error.getStatus()).toBe(502);
      expect(error.message).toMatch(/docker CLI is not installed on 'web'.*user 'ops'/);
    }
  });

  it('names a docker permission problem, a stopped daemon, and the engine refusals', () => {
    const denied = 'permission denied while trying to connect to the Docker daemon socket at unix:///var/run/docker.sock: Get "http://%2Fvar%2Frun%2Fdocker.sock/v1.50/containers/json": dial unix /var/run/docker.sock: connect: permission denied';
    expect(dockerFailureToHttp(failed(1, denied), remote, 'docker ps').message).toMatch(/user 'ops' on 'web'.*may not use Docker: permission denied.*docker group/);
    expect(dockerFailureToHttp(failed(1, 'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?'), remote, 'docker ps').message).toMatch(/Docker daemon on 'web'/);
    const missing = dockerFailureToHttp(failed(1, 'Error response from daemon: No such container: nope'), remote, 'docker inspect nope', 'nope');
    expect([missing.getStatus(), missing.message]).toEqual([404, "No container 'nope' on 'web' (ops@10.0.0.5:22)"]);
    const paused = dockerFailureToHttp(failed(1, `Error response from daemon: Container ${ID} is already paused`), remote, 'docker pause web', 'web');
    expect([paused.getStatus(), paused.message]).toEqual([409, `docker pause web: Container ${ID} is already paused`]);
    const other = dockerFailureToHttp(failed(125, 'unknown flag: --nope'), remote, 'docker ps');
    expect([other.getStatus(), other.message]).toEqual([502, "docker ps on 'web' (ops@10.0.0.5:22) failed (exit 125): unknown flag: --nope"]);
  });
});
