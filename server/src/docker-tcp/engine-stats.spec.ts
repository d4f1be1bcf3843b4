import { engineStatsToDto } from './engine-stats';

const sample = {
  read: '2026-06-20T19:30:01Z',
  cpu_stats: { cpu_usage: { total_usage: 2_400_000_000, percpu_usage: [1, 2, 3, 4] }, system_cpu_usage: 20_000_000_000, online_cpus: 2 },
  precpu_stats: { cpu_usage: { total_usage: 1_400_000_000 }, system_cpu_usage: 18_000_000_000 },
  memory_stats: { usage: 100_000_000, limit: 2_000_000_000, stats: { total_inactive_file: 30_000_000, cache: 40_000_000 } },
  networks: { eth0: { rx_bytes: 1000, tx_bytes: 200 }, eth1: { rx_bytes: 24, tx_bytes: 6 } },
  blkio_stats: {
    io_service_bytes_recursive: [
      { major: 8, minor: 0, op: 'Read', value: 4096 },
      { major: 8, minor: 0, op: 'Write', value: 512 },
      { major: 8, minor: 16, op: 'read', value: 4 },
      { major: 8, minor: 0, op: 'Total', value: 4608 },
    ],
  },
};

describe('engineStatsToDto', () => {
  it('computes CPU % from the deltas times online CPUs, memory without cache, and sums IO', () => {
    // 1.0 s of CPU over 2.0 s of host time on 2 CPUs = 100 % (one full core).
    expect(engineStatsToDto(sample)).toEqual({
      cpuPercent: 100,
      memUsage: 70_000_000,
      memLimit: 2_000_000_000,
      netRxBytes: 1024,
      netTxBytes: 206,
      blockReadBytes: 4100,
      blockWriteBytes: 512,
    });
  });

  it('prefers cgroup v2 inactive_file, falls back to cache, and counts CPUs from percpu_usage', () => {
    const v2 = { ...sample, memory_stats: { usage: 100, limit: 1000, stats: { inactive_file: 10, cache: 50 } } };
    expect(engineStatsToDto(v2).memUsage).toBe(90);
    const old = { ...sample, memory_stats: { usage: 100, limit: 1000, stats: { cache: 50 } } };
    expect(engineStatsToDto(old).memUsage).toBe(50);
    const noOnline = { ...sample, cpu_stats: { ...sample.cpu_stats, online_cpus: undefined } };
    expect(engineStatsToDto(noOnline).cpuPercent).toBe(200);
  });

  it('gives 0 % for an idle container and null without a previous sample', () => {
    expect(engineStatsToDto({ ...sample, precpu_stats: sample.cpu_stats }).cpuPercent).toBe(0);
    expect(engineStatsToDto({ ...sample, precpu_stats: { cpu_usage: { total_usage: 0 } } }).cpuPercent).toBeNull();
  });

  it('reports nothing for a container that is not running', () => {
    expect(engineStatsToDto({ read: '0001-01-01T00:00:00Z', memory_stats: {}, blkio_stats: { io_service_bytes_recursive: null } })).toEqual({
      cpuPercent: null, memUsage: null, memLimit: null, netRxBytes: null, netTxBytes: null, blockReadBytes: null, blockWriteBytes: null,
    });
  });

  it('leaves unreported parts null (no networks, no blkio list)', () => {
    const s = engineStatsToDto({ ...sample, networks: undefined, blkio_stats: { io_service_bytes_recursive: null } });
    expect(s).toMatchObject({ netRxBytes: null, netTxBytes: null, blockReadBytes: null, blockWriteBytes: null });
  });
});
