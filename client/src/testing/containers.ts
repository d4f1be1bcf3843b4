import { Container, ContainerSummary } from '../app/features/containers/container-model';
import { AgentHost, SshHost, TcpHost } from '../app/features/hosts/hosts-api';

/** A 64-hex container id whose first characters tell which one it is. */
export function containerId(prefix: string): string {
  return prefix.padEnd(64, '0');
}

export const TCP_HOST: TcpHost = {
  id: 3,
  name: 'build-server',
  url: 'tcp://127.0.0.1:23750',
  tls: false,
  hasCa: false,
  hasClientCert: false,
  createdAt: '2026-06-01T10:00:00Z',
  updatedAt: '2026-06-01T10:00:00Z',
};

export const SSH_HOST: SshHost = {
  id: 5,
  source: 'docker-ssh',
  name: 'web-1',
  host: '127.0.0.1',
  port: 22220,
  username: 'deploy',
  hasPrivateKey: true,
  hasPassphrase: false,
  hasPassword: false,
  jumpHostId: null,
  hostKeyFingerprint: null,
  hostKeyConfirmed: false,
  createdAt: '2026-06-01T10:00:00Z',
  updatedAt: '2026-06-01T10:00:00Z',
};

export function agentHost(receivedAt: string, stale = false): AgentHost {
  return {
    hostId: 'vm-1',
    hostname: 'docker01',
    agentVersion: '1',
    reportedAt: receivedAt,
    receivedAt,
    containerCount: 2,
    stale,
    clockSkewMs: 0,
    clockSkewWarning: false,
  };
}

export const WEB: ContainerSummary = {
  id: containerId('aaaa1111'),
  name: 'web',
  image: 'nginx:1.27',
  state: 'running',
  status: 'Up 3 hours',
  health: 'healthy',
  ports: [{ hostIp: '0.0.0.0', hostPort: 8080, containerPort: 80, proto: 'tcp' }],
  stats: { cpuPercent: 1.5, memUsage: 20 * 1024 * 1024 },
};

export const DB: ContainerSummary = {
  id: containerId('bbbb2222'),
  name: 'db',
  image: 'postgres:16',
  state: 'exited',
  status: 'Exited (0) 2 days ago',
  health: 'none',
  ports: [],
  stats: null,
};

export const CACHE: ContainerSummary = {
  id: containerId('cccc3333'),
  name: 'cache',
  image: 'redis:7',
  state: 'paused',
  status: 'Up 1 hour (Paused)',
  ports: [{ hostIp: null, hostPort: null, containerPort: 6379, proto: 'tcp' }],
  stats: { cpuPercent: 0, memUsage: 3 * 1024 * 1024 },
};

/** The agent's detail of web: the richest source, yet some fields missing (as a real report can). */
export const WEB_DETAIL_FROM_AGENT: Container = {
  ...WEB,
  imageId: 'sha256:1234',
  createdAt: '2026-06-01T10:00:00Z',
  startedAt: '2026-06-01T10:00:05Z',
  restartCount: 0,
  restartPolicy: 'unless-stopped',
  networks: [{ name: 'bridge', ip: '172.17.0.2' }],
  mounts: [{ type: 'volume', source: 'web_data', destination: '/data', rw: true }],
  env: [{ key: 'NODE_ENV', value: 'production' }, { key: 'DB_PASSWORD', value: '********' }],
  labels: { 'com.docker.compose.project': 'shop' },
  command: "nginx -g 'daemon off;'",
  stats: { cpuPercent: 1.5, memUsage: 20 * 1024 * 1024, memLimit: 512 * 1024 * 1024, netRxBytes: 1536, netTxBytes: 2048, blockReadBytes: 0, blockWriteBytes: 4096 },
};
