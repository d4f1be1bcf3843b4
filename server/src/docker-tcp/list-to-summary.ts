import type { ContainerSummaryDto } from '../containers/dto/container-summary.dto';
import type { PortDto } from '../containers/dto/container.dto';
import { arr, containerState, obj, portNumber, stringMap } from '../containers/inspect-to-container';

/** One entry of the Engine API's `GET /containers/json?all=1` (the parts we read; remote data, so all unknown). */
export interface EngineListEntry {
  Id?: unknown;
  Names?: unknown;
  Image?: unknown;
  ImageID?: unknown;
  Created?: unknown;
  State?: unknown;
  Status?: unknown;
  Ports?: unknown;
  Labels?: unknown;
}

/**
 * A list entry → a table row. The list carries no start time and no resource numbers:
 * `startedAt` and `stats` stay null rather than costing an inspect or a 1-2 s stats
 * sample per container (the stats endpoint gives live numbers for one container).
 */
export function listEntryToSummary(entry: EngineListEntry): ContainerSummaryDto | null {
  const id = typeof entry.Id === 'string' && /^[0-9a-f]{64}$/.test(entry.Id) ? entry.Id : null;
  if (!id) return null;
  const names = arr(entry.Names).filter((n): n is string => typeof n === 'string');
  const status = typeof entry.Status === 'string' ? entry.Status.slice(0, 256) : null;
  return {
    id,
    name: (names[0] ?? '').replace(/^\//, ''),
    image: typeof entry.Image === 'string' ? entry.Image : '',
    imageId: typeof entry.ImageID === 'string' && entry.ImageID !== '' ? entry.ImageID : null,
    state: containerState(entry.State),
    status,
    health: healthFromStatus(status),
    createdAt: typeof entry.Created === 'number' && Number.isFinite(entry.Created) ? new Date(entry.Created * 1000).toISOString() : null,
    startedAt: null,
    ports: arr(entry.Ports).flatMap((p) => listPort(obj(p))),
    labels: stringMap(entry.Labels),
    stats: null,
  };
}

/** The list has no health field; Docker appends it to the status text: "Up 5 minutes (healthy)". */
export function healthFromStatus(status: string | null): ContainerSummaryDto['health'] {
  const match = status ? /\((healthy|unhealthy|health: starting)\)/.exec(status) : null;
  if (!match) return 'none';
  return match[1] === 'health: starting' ? 'starting' : (match[1] as 'healthy' | 'unhealthy');
}

function listPort(p: Record<string, unknown>): PortDto[] {
  const containerPort = portNumber(p.PrivatePort);
  const proto = p.Type === 'udp' || p.Type === 'sctp' ? p.Type : p.Type === 'tcp' || p.Type === undefined ? 'tcp' : null;
  if (containerPort === null || proto === null) return [];
  const hostPort = portNumber(p.PublicPort);
  return [{ hostIp: hostPort === null ? null : typeof p.IP === 'string' && p.IP !== '' ? p.IP : null, hostPort, containerPort, proto }];
}
