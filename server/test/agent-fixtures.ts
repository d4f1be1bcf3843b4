import { randomBytes } from 'node:crypto';
import type { AgentReportDto } from '../src/agent-ingest/dto/agent-report.dto';
import type { ContainerDto } from '../src/containers/dto/container.dto';

/** A plausible container (~1.3 KB of JSON, like a real agent's), different for each index. */
export function sampleContainer(index: number, idSeed = 'a'): ContainerDto {
  const id = (idSeed + index.toString(16).padStart(8, '0')).padEnd(64, 'c').slice(0, 64);
  return {
    id,
    name: `svc-${index}`,
    image: `registry.example.com/team/service-${index}:1.${index}.0`,
    imageId: `sha256:${'d'.repeat(64)}`,
    state: index % 5 === 4 ? 'exited' : 'running',
    status: index % 5 === 4 ? 'Exited (0) 2 hours ago' : 'Up 3 hours',
    createdAt: '2026-06-20T16:20:11.123456789Z',
    startedAt: '2026-06-20T16:20:12.5Z',
    finishedAt: index % 5 === 4 ? '2026-06-20T17:20:12Z' : null,
    exitCode: 0,
    restartCount: index % 3,
    restartPolicy: 'unless-stopped',
    health: index % 2 ? 'healthy' : 'none',
    ports: [
      { hostIp: '0.0.0.0', hostPort: 8000 + index, containerPort: 80, proto: 'tcp' },
      { hostIp: null, hostPort: null, containerPort: 9090, proto: 'tcp' },
    ],
    networks: [{ name: 'bridge', ip: `172.17.0.${(index % 250) + 2}` }, { name: `project_${index}_default`, ip: `172.20.${index % 250}.2` }],
    mounts: [
      { type: 'volume', source: `service_${index}_data`, destination: '/var/lib/service/data', rw: true },
      { type: 'bind', source: `/srv/service-${index}/config`, destination: '/etc/service', rw: false },
    ],
    env: [
      { key: 'PATH', value: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' },
      { key: 'NODE_ENV', value: 'production' },
      { key: 'SERVICE_PORT', value: '80' },
      { key: 'LOG_LEVEL', value: 'info' },
      { key: 'DB_PASSWORD', value: '********' },
      { key: 'API_TOKEN', value: '********' },
      { key: 'TZ', value: 'Europe/Berlin' },
    ],
    command: `/usr/local/bin/service --config /etc/service/config.yaml --port 80 --name svc-${index}`,
    entrypoint: '/docker-entrypoint.sh',
    labels: {
      'com.docker.compose.project': `project-${index}`,
      'com.docker.compose.service': `svc-${index}`,
      'com.docker.compose.version': '2.29.1',
      'com.docker.compose.config-hash': randomBytes(32).toString('hex'),
      'org.opencontainers.image.source': 'https://example.com/team/service',
      'org.opencontainers.image.version': `1.${index}.0`,
    },
    stats: { cpuPercent: 1.4, memUsage: 20971520, memLimit: 536870912, netRxBytes: 12345, netTxBytes: 67890, blockReadBytes: 0, blockWriteBytes: 4096 },
  };
}

export function sampleReport(hostId: string, containers = 3, idSeed = 'a'): AgentReportDto {
  return {
    hostId,
    hostname: `${hostId}.example.com`,
    agentVersion: '1',
    reportedAt: new Date().toISOString(),
    containers: Array.from({ length: containers }, (_, i) => sampleContainer(i, idSeed)),
  };
}

export const AGENT_TOKEN = 'test-agent-token-0123456789abcdef';
export const agentHeaders = (token = AGENT_TOKEN) => ({ authorization: `Bearer ${token}`, 'content-type': 'application/json' });
