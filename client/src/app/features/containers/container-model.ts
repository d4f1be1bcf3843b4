/**
 * The container shapes of the API (server/src/containers/dto), the same for all
 * three sources. A source leaves out what it does not know, so almost every field
 * is optional; the console shows "not reported by this source" for those.
 */

export type ContainerState = 'running' | 'exited' | 'paused' | 'created' | 'restarting' | 'removing' | 'dead';
export type HealthState = 'healthy' | 'unhealthy' | 'starting' | 'none';

export interface Port {
  hostIp?: string | null;
  hostPort?: number | null;
  containerPort: number;
  proto: 'tcp' | 'udp' | 'sctp';
}

export interface ContainerNetwork {
  name: string;
  ip?: string | null;
}

export interface Mount {
  type: string;
  source?: string | null;
  destination: string;
  rw: boolean;
}

export interface EnvVar {
  key: string;
  value?: string | null;
}

export interface ContainerStats {
  cpuPercent?: number | null;
  memUsage?: number | null;
  memLimit?: number | null;
  netRxBytes?: number | null;
  netTxBytes?: number | null;
  blockReadBytes?: number | null;
  blockWriteBytes?: number | null;
}

/** One row of a host's container list. */
export interface ContainerSummary {
  id: string;
  name: string;
  image: string;
  imageId?: string | null;
  state: ContainerState;
  status?: string | null;
  health?: HealthState | null;
  createdAt?: string | null;
  startedAt?: string | null;
  ports?: Port[];
  labels?: Record<string, string>;
  stats?: ContainerStats | null;
}

/** A container's full detail. */
export interface Container extends ContainerSummary {
  finishedAt?: string | null;
  exitCode?: number | null;
  restartCount?: number | null;
  restartPolicy?: string | null;
  networks?: ContainerNetwork[];
  mounts?: Mount[];
  env?: EnvVar[];
  command?: string | null;
  entrypoint?: string | null;
}

export type ContainerAction = 'start' | 'stop' | 'restart' | 'pause' | 'unpause';

export interface ContainerActionResult {
  action: string;
  id: string;
  state: ContainerState;
  note?: string;
}

export interface ContainerLogs {
  id: string;
  lines: string[];
  tail: number;
}

/** Which actions make sense in a state (the engine would refuse the others). */
export function actionsFor(state: ContainerState): ContainerAction[] {
  switch (state) {
    case 'running':
      return ['stop', 'restart', 'pause'];
    case 'paused':
      return ['unpause', 'stop'];
    case 'restarting':
      return ['stop'];
    case 'removing':
      return [];
    default:
      return ['start'];
  }
}

/** "0.0.0.0:8080→80/tcp", or "80/tcp" for an exposed port that is not published. */
export function formatPort(port: Port): string {
  const inside = `${port.containerPort}/${port.proto}`;
  if (port.hostPort === null || port.hostPort === undefined) return inside;
  const ip = port.hostIp ? (port.hostIp.includes(':') ? `[${port.hostIp}]` : port.hostIp) : '';
  return `${ip ? ip + ':' : ''}${port.hostPort}→${inside}`;
}

export function shortId(id: string): string {
  return id.slice(0, 12);
}
