import type { ContainerStatsDto } from '../containers/dto/container.dto';
import { arr, obj } from '../containers/inspect-to-container';

/** The Engine API's `GET /containers/{id}/stats?stream=false` document (parts we read; remote, so unknown). */
export interface EngineStatsJson {
  read?: unknown;
  cpu_stats?: unknown;
  precpu_stats?: unknown;
  memory_stats?: unknown;
  networks?: unknown;
  blkio_stats?: unknown;
}

/**
 * One stats sample → the shared stats shape, computed the way `docker stats` does:
 * CPU % = (container CPU time delta / host CPU time delta) × online CPUs × 100, so a
 * container busy on two cores shows 200; memory is usage minus the reclaimable page cache
 * (cgroup v2 `inactive_file`, v1 `total_inactive_file`, older engines `cache`); network and
 * block IO are summed over interfaces and devices. What the engine does not report stays null.
 */
export function engineStatsToDto(json: EngineStatsJson): ContainerStatsDto {
  // A container that is not running answers zeros with a "never" read time: nothing to report.
  if (typeof json.read !== 'string' || json.read.startsWith('0001-01-01')) return emptyStats();
  const memory = obj(json.memory_stats);
  const usage = num(memory.usage);
  const net = Object.values(obj(json.networks)).map(obj);
  const io = json.blkio_stats === undefined ? null : obj(json.blkio_stats).io_service_bytes_recursive;
  return {
    cpuPercent: cpuPercent(obj(json.cpu_stats), obj(json.precpu_stats)),
    memUsage: usage === null ? null : Math.max(0, usage - reclaimableCache(obj(memory.stats), usage)),
    memLimit: num(memory.limit),
    netRxBytes: net.length ? sum(net.map((n) => num(n.rx_bytes))) : null,
    netTxBytes: net.length ? sum(net.map((n) => num(n.tx_bytes))) : null,
    blockReadBytes: Array.isArray(io) ? sum(ioBytes(io, 'read')) : null,
    blockWriteBytes: Array.isArray(io) ? sum(ioBytes(io, 'write')) : null,
  };
}

export function emptyStats(): ContainerStatsDto {
  return { cpuPercent: null, memUsage: null, memLimit: null, netRxBytes: null, netTxBytes: null, blockReadBytes: null, blockWriteBytes: null };
}

function cpuPercent(cpu: Record<string, unknown>, pre: Record<string, unknown>): number | null {
  const total = num(obj(cpu.cpu_usage).total_usage);
  const preTotal = num(obj(pre.cpu_usage).total_usage);
  const system = num(cpu.system_cpu_usage);
  const preSystem = num(pre.system_cpu_usage);
  // Without the previous sample (one-shot reads, first sample) there is no delta to compute.
  if (total === null || preTotal === null || system === null || preSystem === null) return null;
  const cpus = num(cpu.online_cpus) || arr(obj(cpu.cpu_usage).percpu_usage).length || 1;
  const cpuDelta = total - preTotal;
  const systemDelta = system - preSystem;
  if (cpuDelta <= 0 || systemDelta <= 0) return 0;
  return Math.round((cpuDelta / systemDelta) * cpus * 100 * 100) / 100;
}

function reclaimableCache(stats: Record<string, unknown>, usage: number): number {
  for (const key of ['inactive_file', 'total_inactive_file', 'cache']) {
    const value = num(stats[key]);
    if (value !== null && value <= usage) return value;
  }
  return 0;
}

function ioBytes(entries: unknown[], op: 'read' | 'write'): (number | null)[] {
  return entries.map(obj).filter((e) => typeof e.op === 'string' && e.op.toLowerCase() === op).map((e) => num(e.value));
}

function sum(values: (number | null)[]): number {
  return values.reduce<number>((total, v) => total + (v ?? 0), 0);
}

function num(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : null;
}
