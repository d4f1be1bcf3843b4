// Parses what the remote `docker` CLI prints into the shared container shapes. The CLI's
// `{{json .}}` rows are human-oriented strings ("Up 3 hours (healthy)", "568KiB / 23.5GiB",
// "a=b,c=d"), so each field is read defensively: anything unrecognised becomes null, never a guess.
import type { ContainerStatsDto, ContainerState, HealthState, PortDto } from '../containers/dto/container.dto';
import { CONTAINER_STATES } from '../containers/dto/container.dto';
import type { ContainerSummaryDto } from '../containers/dto/container-summary.dto';

interface PsRow {
  ID?: string;
  Names?: string;
  Image?: string;
  State?: string;
  Status?: string;
  CreatedAt?: string;
  Ports?: string;
  Labels?: string;
}

interface StatsRow {
  CPUPerc?: string;
  MemUsage?: string;
  NetIO?: string;
  BlockIO?: string;
}

const MAX_PORTS = 1000;

/** `docker ps -a --no-trunc --format '{{json .}}'`: one JSON object per line. */
export function parsePsOutput(stdout: string): ContainerSummaryDto[] {
  return stdout
    .split('\n')
    .filter((line) => line.trim().startsWith('{'))
    .map((line) => psRowToSummary(JSON.parse(line) as PsRow))
    .filter((row): row is ContainerSummaryDto => row !== null);
}

function psRowToSummary(row: PsRow): ContainerSummaryDto | null {
  if (!row.ID || !/^[0-9a-f]{64}$/.test(row.ID)) return null;
  const status = row.Status ?? null;
  return {
    id: row.ID,
    // Several names only with legacy links ("web,other/alias"); the first is the container's own.
    name: (row.Names ?? '').split(',')[0] ?? '',
    image: row.Image ?? '',
    // Not in `docker ps`; the detail view (docker inspect) has it.
    imageId: null,
    state: stateOf(row.State, status),
    status,
    health: healthOf(status),
    createdAt: parseCliDate(row.CreatedAt),
    startedAt: null,
    ports: parsePorts(row.Ports ?? ''),
    labels: parseLabels(row.Labels ?? ''),
    // `docker stats` samples for about a second per call: too slow for a table, so the list leaves it out.
    stats: null,
  };
}

function stateOf(state: string | undefined, status: string | null): ContainerState {
  const direct = CONTAINER_STATES.find((s) => s === state);
  if (direct) return direct;
  // Older CLIs have no State column: derive it from the status text.
  const text = status ?? '';
  if (/^Up .*\(Paused\)/.test(text)) return 'paused';
  if (/^Up /.test(text)) return 'running';
  if (/^Restarting/.test(text)) return 'restarting';
  if (/^Removal/.test(text)) return 'removing';
  if (/^Dead/.test(text)) return 'dead';
  if (/^Created/.test(text)) return 'created';
  return 'exited';
}

export function healthOf(status: string | null): HealthState {
  if (!status) return 'none';
  if (/\(healthy\)/.test(status)) return 'healthy';
  if (/\(unhealthy\)/.test(status)) return 'unhealthy';
  if (/\(health: starting\)/.test(status)) return 'starting';
  return 'none';
}

/** "2026-11-23 00:54:06 +0000 UTC" → ISO 8601; null when the CLI printed something else. */
export function parseCliDate(text: string | undefined): string | null {
  const m = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}) ([+-]\d{2})(\d{2})/.exec(text ?? '');
  if (!m) return null;
  const date = new Date(`${m[1]}T${m[2]}${m[3]}:${m[4]}`);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/**
 * "0.0.0.0:8080->80/tcp, :::8080->80/tcp, 443/tcp, 127.0.0.1:8000-8001->8000-8001/tcp".
 * Ranges are expanded (bounded), so every row has one container port.
 */
export function parsePorts(text: string): PortDto[] {
  const ports: PortDto[] = [];
  for (const part of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const m = /^(?:(.*):(\d+)(?:-(\d+))?->)?(\d+)(?:-(\d+))?\/(tcp|udp|sctp)$/.exec(part);
    if (!m) continue;
    const [, hostIp, hostFrom, hostTo, from, to, proto] = m;
    const count = Number(to ?? from) - Number(from) + 1;
    for (let i = 0; i < count && ports.length < MAX_PORTS; i++) {
      ports.push({
        hostIp: hostIp === undefined ? null : hostIp,
        hostPort: hostFrom === undefined ? null : Number(hostFrom) + (hostTo === undefined ? 0 : i),
        containerPort: Number(from) + i,
        proto: proto as PortDto['proto'],
      });
    }
  }
  return ports;
}

/**
 * `docker ps` joins labels as "k=v,k2=v2" without escaping. A piece with no "=" is taken as the
 * rest of the previous value (so "a=b,c" stays one label); exact labels are in the detail view.
 */
export function parseLabels(text: string): Record<string, string> {
  const labels: Record<string, string> = {};
  let last: string | null = null;
  for (const piece of text ? text.split(',') : []) {
    const at = piece.indexOf('=');
    if (at > 0) {
      last = piece.slice(0, at);
      labels[last] = piece.slice(at + 1);
    } else if (last !== null) {
      labels[last] += `,${piece}`;
    }
  }
  return labels;
}

/** `docker stats --no-stream --format '{{json .}}' <ref>`: one line for that container. */
export function parseStatsOutput(stdout: string): ContainerStatsDto {
  const line = stdout.split('\n').find((l) => l.trim().startsWith('{'));
  const row = (line ? JSON.parse(line) : {}) as StatsRow;
  const [memUsage, memLimit] = pair(row.MemUsage);
  const [netRxBytes, netTxBytes] = pair(row.NetIO);
  const [blockReadBytes, blockWriteBytes] = pair(row.BlockIO);
  return { cpuPercent: parsePercent(row.CPUPerc), memUsage, memLimit, netRxBytes, netTxBytes, blockReadBytes, blockWriteBytes };
}

function pair(text: string | undefined): [number | null, number | null] {
  const [a, b] = (text ?? '').split('/').map((s) => s.trim());
  return [parseSize(a), parseSize(b)];
}

export function parsePercent(text: string | undefined): number | null {
  const m = /^(\d+(?:\.\d+)?)%$/.exec((text ?? '').trim());
  return m ? Number(m[1]) : null;
}

const UNITS: Record<string, number> = {
  b: 1,
  kb: 1e3, mb: 1e6, gb: 1e9, tb: 1e12, pb: 1e15,
  kib: 2 ** 10, mib: 2 ** 20, gib: 2 ** 30, tib: 2 ** 40, pib: 2 ** 50,
};

/**
 * The CLI's human sizes: binary units for memory ("568KiB"), decimal for network and block I/O
 * ("646B", "1.2kB", "3.4MB"), both as go-units prints them. "--" (no data) and junk give null.
 */
export function parseSize(text: string | undefined): number | null {
  const m = /^(\d+(?:\.\d+)?)\s*([kKmMgGtTpP]i?)?[bB]$/.exec((text ?? '').trim());
  if (!m) return null;
  const unit = `${(m[2] ?? '').toLowerCase()}b`;
  const factor = UNITS[unit];
  return factor === undefined ? null : Math.round(Number(m[1]) * factor);
}

/** `<64-hex id> <state>` lines printed around an action (before and after). */
export function parseIdAndState(stdout: string): { id: string; state: string }[] {
  return stdout
    .split('\n')
    .map((line) => /^([0-9a-f]{64}) ([a-z]+)$/.exec(line.trim()))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ id: m[1], state: m[2] }));
}
