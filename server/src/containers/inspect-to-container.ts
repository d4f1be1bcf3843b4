import { CONTAINER_STATES, type ContainerDto, type ContainerState, HEALTH_STATES, type HealthState, PORT_PROTOCOLS, type PortDto } from './dto/container.dto';
import { parseDockerEnv } from './mask-env';

/**
 * The parts of `docker inspect` JSON ArchNest reads. The Engine API's
 * `GET /containers/{id}/json` and the CLI's `docker inspect` print the same document,
 * so the TCP and SSH sources share this mapper (and it follows the agent's jq rules,
 * so a container looks the same whichever source shows it).
 * Everything is optional: the JSON comes from a remote engine we do not control.
 */
export interface DockerInspectJson {
  Id?: unknown;
  Name?: unknown;
  Image?: unknown;
  Created?: unknown;
  Path?: unknown;
  Args?: unknown;
  RestartCount?: unknown;
  State?: {
    Status?: unknown;
    Running?: unknown;
    ExitCode?: unknown;
    StartedAt?: unknown;
    FinishedAt?: unknown;
    Health?: { Status?: unknown } | null;
  } | null;
  Config?: {
    Image?: unknown;
    Env?: unknown;
    Labels?: unknown;
    Entrypoint?: unknown;
    Tty?: unknown;
  } | null;
  HostConfig?: { RestartPolicy?: { Name?: unknown } | null } | null;
  NetworkSettings?: {
    Ports?: unknown;
    Networks?: unknown;
  } | null;
  Mounts?: unknown;
}

export interface InspectExtras {
  /** `docker ps`'s human status ("Up 3 hours"): inspect does not carry it, so the caller passes it when known. */
  status?: string | null;
}

/** Inspect JSON → the shared container shape, env masked. Throws when the document is not a container. */
export function inspectToContainer(json: DockerInspectJson, extras: InspectExtras = {}): ContainerDto {
  const id = str(json.Id);
  if (!id || !/^[0-9a-f]{64}$/.test(id)) throw new Error('the inspect document has no valid container Id');
  const state = json.State ?? {};
  const config = json.Config ?? {};
  return {
    id,
    name: (str(json.Name) ?? '').replace(/^\//, ''),
    image: str(config.Image) ?? str(json.Image) ?? '',
    imageId: nonEmpty(json.Image),
    state: containerState(state.Status),
    status: extras.status ?? null,
    createdAt: timestamp(json.Created),
    startedAt: timestamp(state.StartedAt),
    finishedAt: timestamp(state.FinishedAt),
    exitCode: uint(state.ExitCode),
    restartCount: uint(json.RestartCount),
    restartPolicy: restartPolicy(json.HostConfig?.RestartPolicy?.Name),
    health: healthState(state.Health?.Status),
    ports: inspectPorts(json.NetworkSettings?.Ports),
    networks: Object.entries(obj(json.NetworkSettings?.Networks)).map(([name, net]) => ({ name, ip: nonEmpty(obj(net).IPAddress) })),
    mounts: arr(json.Mounts).map((m) => {
      const mount = obj(m);
      const type = str(mount.Type) ?? 'bind';
      return { type, source: nonEmpty(type === 'volume' ? mount.Name : mount.Source), destination: str(mount.Destination) ?? '', rw: mount.RW === true };
    }),
    env: parseDockerEnv(arr(config.Env).filter((line): line is string => typeof line === 'string')),
    command: shellJoin([json.Path, ...arr(json.Args)]),
    entrypoint: shellJoin(typeof config.Entrypoint === 'string' ? [config.Entrypoint] : arr(config.Entrypoint)),
    labels: stringMap(config.Labels),
    // Live numbers cost the engine a sampling pause: the stats endpoint serves them on request.
    stats: null,
  };
}

/** Whether the container was created with a TTY (its logs are then one raw stream, not multiplexed). */
export function hasTty(json: DockerInspectJson): boolean {
  return json.Config?.Tty === true;
}

export function containerState(value: unknown): ContainerState {
  return (CONTAINER_STATES as readonly unknown[]).includes(value) ? (value as ContainerState) : 'dead';
}

export function healthState(value: unknown): HealthState {
  return (HEALTH_STATES as readonly unknown[]).includes(value) ? (value as HealthState) : 'none';
}

/** `{"80/tcp": [{HostIp, HostPort}] | null}`: an exposed port without binding keeps null host fields. */
function inspectPorts(value: unknown): PortDto[] {
  const ports: PortDto[] = [];
  for (const [key, bindings] of Object.entries(obj(value))) {
    const [port, proto = 'tcp'] = key.split('/');
    const containerPort = portNumber(port);
    if (containerPort === null || !(PORT_PROTOCOLS as readonly string[]).includes(proto)) continue;
    const list = arr(bindings);
    if (list.length === 0) ports.push({ hostIp: null, hostPort: null, containerPort, proto: proto as PortDto['proto'] });
    for (const b of list) {
      const binding = obj(b);
      ports.push({ hostIp: nonEmpty(binding.HostIp), hostPort: portNumber(binding.HostPort), containerPort, proto: proto as PortDto['proto'] });
    }
  }
  return ports;
}

/**
 * argv → one line a person can paste into a shell: plain words stay bare, others are
 * single-quoted (the agent's jq `shell_word` rule, so all sources print the same text).
 */
export function shellJoin(argv: readonly unknown[]): string | null {
  const words = argv.filter((w): w is string => typeof w === 'string');
  if (words.length === 0) return null;
  return words.map((w) => (/^[A-Za-z0-9_@%+=:,./-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`)).join(' ');
}

function restartPolicy(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  return value === '' ? 'no' : value.slice(0, 64);
}

/** Docker writes 0001-01-01T00:00:00Z for "never happened". */
function timestamp(value: unknown): string | null {
  if (typeof value !== 'string' || value === '' || value.startsWith('0001-01-01')) return null;
  return Number.isNaN(Date.parse(value)) ? null : value;
}

export function portNumber(value: unknown): number | null {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d{1,5}$/.test(value) ? Number(value) : NaN;
  return Number.isInteger(n) && n >= 0 && n <= 65535 ? n : null;
}

function uint(value: unknown): number | null {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 2_147_483_647 ? value : null;
}

function str(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

function nonEmpty(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

export function obj(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

export function arr(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function stringMap(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(obj(value))) if (typeof v === 'string') out[k] = v;
  return out;
}
