import type { AgentReportDto } from './agent-report.dto';

/** Shown in Swagger; the contract tests also post it, so the documented example is always accepted. */
export const AGENT_REPORT_EXAMPLE: AgentReportDto = {
  hostId: 'proxmox-vm-1',
  hostname: 'docker01',
  agentVersion: '1',
  reportedAt: '2026-06-20T19:30:00Z',
  containers: [
    {
      id: 'f1c2d3e4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d2',
      name: 'myapp',
      image: 'nginx:1.27',
      imageId: 'sha256:7f553e8bbc897571642d836b31eaf6ecbe395d7641c2b24291356ed28f3f2bd0',
      state: 'running',
      status: 'Up 3 hours',
      createdAt: '2026-06-20T16:20:11.123456789Z',
      startedAt: '2026-06-20T16:20:12.5Z',
      finishedAt: null,
      exitCode: 0,
      restartCount: 0,
      restartPolicy: 'unless-stopped',
      health: 'healthy',
      ports: [{ hostIp: '0.0.0.0', hostPort: 8080, containerPort: 80, proto: 'tcp' }],
      networks: [{ name: 'bridge', ip: '172.17.0.2' }],
      mounts: [{ type: 'volume', source: 'myapp_data', destination: '/data', rw: true }],
      env: [
        { key: 'NODE_ENV', value: 'production' },
        { key: 'DB_PASSWORD', value: '********' },
      ],
      command: "nginx -g 'daemon off;'",
      entrypoint: '/docker-entrypoint.sh',
      labels: { 'com.docker.compose.project': 'myapp' },
      stats: { cpuPercent: 1.4, memUsage: 20971520, memLimit: 536870912, netRxBytes: 12345, netTxBytes: 67890, blockReadBytes: 0, blockWriteBytes: 0 },
    },
  ],
};
