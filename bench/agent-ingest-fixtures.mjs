// Realistic agent reports for the ingest and read benchmarks: 50 containers ≈ 67 KB of JSON,
// the size the issue measured, with the variety a real host has (ports, mounts, env, labels).
import { createHash } from 'node:crypto';

const hex = (seed, length = 64) => {
  let out = '';
  for (let i = 0; out.length < length; i++) out += createHash('sha256').update(`${seed}:${i}`).digest('hex');
  return out.slice(0, length);
};

export function benchContainer(host, index) {
  const exited = index % 7 === 6;
  return {
    id: hex(`${host}/${index}`),
    name: `${host}-svc-${index}`,
    image: `registry.example.com/team/service-${index}:1.${index}.0`,
    imageId: `sha256:${hex(`image-${index}`)}`,
    state: exited ? 'exited' : 'running',
    status: exited ? 'Exited (0) 2 hours ago' : 'Up 3 hours (healthy)',
    createdAt: '2026-06-20T16:20:11.123456789Z',
    startedAt: '2026-06-20T16:20:12.512345678Z',
    finishedAt: exited ? '2026-06-20T17:20:12.000000001Z' : null,
    exitCode: 0,
    restartCount: index % 3,
    restartPolicy: 'unless-stopped',
    health: exited ? 'none' : 'healthy',
    ports: [{ hostIp: '0.0.0.0', hostPort: 8000 + index, containerPort: 80, proto: 'tcp' }],
    networks: [{ name: `project${index}_default`, ip: `172.20.${index % 250}.2` }],
    mounts: [
      { type: 'volume', source: `project${index}_data`, destination: '/var/lib/service', rw: true },
      { type: 'bind', source: `/srv/project${index}/config`, destination: '/etc/service', rw: false },
    ],
    env: [
      { key: 'PATH', value: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' },
      { key: 'NODE_ENV', value: 'production' },
      { key: 'DB_PASSWORD', value: '********' },
    ],
    command: `/usr/local/bin/service --config /etc/service.yaml`,
    entrypoint: '/docker-entrypoint.sh',
    labels: {
      'com.docker.compose.project': `project${index}`,
      'com.docker.compose.service': `svc-${index}`,
      'org.opencontainers.image.version': `1.${index}.0`,
    },
    stats: exited ? null : { cpuPercent: 1.4, memUsage: 20971520 + index, memLimit: 536870912, netRxBytes: 12345, netTxBytes: 67890, blockReadBytes: 0, blockWriteBytes: 4096 },
  };
}

export function benchReport(hostId, containers = 50) {
  return {
    hostId,
    hostname: `${hostId}.example.com`,
    agentVersion: '1',
    reportedAt: new Date().toISOString(),
    containers: Array.from({ length: containers }, (_, i) => benchContainer(hostId, i)),
  };
}

export const BENCH_TOKEN = 'bench-agent-token-0123456789abcdef';
