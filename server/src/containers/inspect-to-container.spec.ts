import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { ContainerDto } from './dto/container.dto';
import { hasTty, inspectToContainer, shellJoin, type DockerInspectJson } from './inspect-to-container';

const ID = 'b'.repeat(64);

function inspect(overrides: Partial<DockerInspectJson> = {}): DockerInspectJson {
  return {
    Id: ID,
    Name: '/shop-web',
    Image: 'sha256:' + 'c'.repeat(64),
    Created: '2026-06-20T19:30:00.123456789Z',
    Path: 'nginx',
    Args: ['-g', 'daemon off;'],
    RestartCount: 2,
    State: { Status: 'running', Running: true, ExitCode: 0, StartedAt: '2026-06-20T19:31:00.5Z', FinishedAt: '0001-01-01T00:00:00Z', Health: { Status: 'healthy' } },
    Config: {
      Image: 'nginx:1.27',
      Env: ['NODE_ENV=production', 'DB_PASSWORD=hunter2', 'api_token=abc', 'EMPTY=', 'FLAG', 'URL=a=b'],
      Labels: { 'com.docker.compose.project': 'shop', odd: 5 },
      Entrypoint: ['/docker-entrypoint.sh'],
      Tty: false,
    },
    HostConfig: { RestartPolicy: { Name: 'unless-stopped' } },
    NetworkSettings: {
      Ports: { '80/tcp': [{ HostIp: '0.0.0.0', HostPort: '8080' }, { HostIp: '::', HostPort: '8080' }], '443/tcp': null, '53/udp': [] },
      Networks: { bridge: { IPAddress: '172.17.0.2' }, internal: { IPAddress: '' } },
    },
    Mounts: [
      { Type: 'volume', Name: 'shop_data', Source: '/var/lib/docker/volumes/shop_data/_data', Destination: '/data', RW: true },
      { Type: 'bind', Source: '/etc/shop', Destination: '/etc/shop', RW: false },
    ],
    ...overrides,
  };
}

describe('inspectToContainer', () => {
  it('maps every field of the shared shape', () => {
    expect(inspectToContainer(inspect(), { status: 'Up 3 hours (healthy)' })).toEqual({
      id: ID,
      name: 'shop-web',
      image: 'nginx:1.27',
      imageId: 'sha256:' + 'c'.repeat(64),
      state: 'running',
      status: 'Up 3 hours (healthy)',
      createdAt: '2026-06-20T19:30:00.123456789Z',
      startedAt: '2026-06-20T19:31:00.5Z',
      finishedAt: null,
      exitCode: 0,
      restartCount: 2,
      restartPolicy: 'unless-stopped',
      health: 'healthy',
      ports: [
        { hostIp: '0.0.0.0', hostPort: 8080, containerPort: 80, proto: 'tcp' },
        { hostIp: '::', hostPort: 8080, containerPort: 80, proto: 'tcp' },
        { hostIp: null, hostPort: null, containerPort: 443, proto: 'tcp' },
        { hostIp: null, hostPort: null, containerPort: 53, proto: 'udp' },
      ],
      networks: [{ name: 'bridge', ip: '172.17.0.2' }, { name: 'internal', ip: null }],
      mounts: [
        { type: 'volume', source: 'shop_data', destination: '/data', rw: true },
        { type: 'bind', source: '/etc/shop', destination: '/etc/shop', rw: false },
      ],
      env: [
        { key: 'NODE_ENV', value: 'production' },
        { key: 'DB_PASSWORD', value: '********' },
        { key: 'api_token', value: '********' },
        { key: 'EMPTY', value: '' },
        { key: 'FLAG', value: null },
        { key: 'URL', value: 'a=b' },
      ],
      command: "nginx -g 'daemon off;'",
      entrypoint: '/docker-entrypoint.sh',
      labels: { 'com.docker.compose.project': 'shop' },
      stats: null,
    });
  });

  it('produces a document that passes the shared DTO validation', () => {
    const dto = plainToInstance(ContainerDto, inspectToContainer(inspect()));
    expect(validateSync(dto, { forbidUnknownValues: true })).toEqual([]);
  });

  it('reads a never-started container and a restart policy left empty', () => {
    const c = inspectToContainer(
      inspect({ State: { Status: 'created', ExitCode: 0, StartedAt: '0001-01-01T00:00:00Z', FinishedAt: '0001-01-01T00:00:00Z' }, HostConfig: { RestartPolicy: { Name: '' } } }),
    );
    expect(c).toMatchObject({ state: 'created', startedAt: null, finishedAt: null, health: 'none', restartPolicy: 'no', status: null });
  });

  it('survives a hostile or truncated document without inventing values', () => {
    const c = inspectToContainer({ Id: ID, State: { Status: 'weird', ExitCode: -1 }, Config: { Env: 'x', Labels: [] }, NetworkSettings: { Ports: { 'abc/tcp': null, '70000/tcp': null, '22/ipx': null } }, Mounts: {} });
    expect(c).toMatchObject({ name: '', image: '', state: 'dead', exitCode: null, ports: [], env: [], labels: {}, mounts: [], command: null, entrypoint: null });
  });

  it('refuses a document without a container id', () => {
    expect(() => inspectToContainer({ Id: '../etc' })).toThrow('no valid container Id');
    expect(() => inspectToContainer({})).toThrow();
  });

  it('knows TTY containers', () => {
    expect(hasTty(inspect())).toBe(false);
    expect(hasTty(inspect({ Config: { Tty: true } }))).toBe(true);
  });
});

describe('shellJoin', () => {
  it('quotes only what a shell would split or expand', () => {
    expect(shellJoin(['sh', '-c', "echo 'hi' && sleep 5"])).toBe(`sh -c 'echo '\\''hi'\\'' && sleep 5'`);
    expect(shellJoin(['a=b', 'x:y', '/p/q.r', '@u%'])).toBe('a=b x:y /p/q.r @u%');
    expect(shellJoin([])).toBeNull();
    expect(shellJoin([null, 3])).toBeNull();
  });
});
