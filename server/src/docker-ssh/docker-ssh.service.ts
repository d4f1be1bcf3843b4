import { BadGatewayException, BadRequestException, ConflictException, Injectable, OnModuleDestroy } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { setting } from '../config/app-config';
import type { ContainerDto, ContainerStatsDto } from '../containers/dto/container.dto';
import type { ContainerActionResultDto, ContainerLogsDto, ContainerSummaryDto } from '../containers/dto/container-summary.dto';
import { inspectToContainer, type DockerInspectJson } from '../containers/inspect-to-container';
import { parseIdAndState, parsePsOutput, parseStatsOutput } from './docker-cli-output';
import { dockerFailureToHttp, sshFailureToHttp, type RemoteContext } from './docker-ssh-errors';
import { DockerSshHostsService, type ResolvedRoute } from './docker-ssh-hosts.service';
import type { DockerSshTestResultDto } from './dto/docker-ssh-test-result.dto';
import { buildRemoteCommand, UnsafeArgumentError, type ActionVerb, type RemoteDockerCommand } from './remote-command';
import { SshConnectionPool, type PoolRoute } from './ssh-connection-pool';
import { SshConnection, SshFailure, type SshTimeouts, type TerminalChannel } from './ssh.client';

/** Output cap per command: 5000 long log lines fit; a runaway stream does not fill memory. */
const MAX_OUTPUT_BYTES = 16 * 1024 * 1024;
export const KEEPALIVE_INTERVAL_MS = 15_000;
export const KEEPALIVE_COUNT_MAX = 3;

/** Container operations on SSH hosts: every one is a single `docker` CLI round trip over the pooled connection. */
@Injectable()
export class DockerSshService implements OnModuleDestroy {
  private readonly requestTimeoutMs: number;
  private readonly timeouts: SshTimeouts;

  constructor(
    private readonly hosts: DockerSshHostsService,
    private readonly pool: SshConnectionPool,
    config: ConfigService,
  ) {
    this.requestTimeoutMs = setting(config, 'ARCHNEST_DOCKER_REQUEST_TIMEOUT_MS');
    this.timeouts = sshTimeouts(config);
  }

  async onModuleDestroy(): Promise<void> {
    await this.pool.closeAll();
  }

  async list(hostId: number): Promise<ContainerSummaryDto[]> {
    const { stdout } = await this.run(hostId, { kind: 'list' }, 'docker ps');
    return parsed('docker ps', () => parsePsOutput(stdout));
  }

  async inspect(hostId: number, ref: string): Promise<ContainerDto> {
    const { stdout } = await this.run(hostId, { kind: 'inspect', ref }, `docker inspect ${ref}`, ref);
    return parsed('docker inspect', () => inspectToContainer((JSON.parse(stdout) as DockerInspectJson[])[0]));
  }

  async logs(hostId: number, ref: string, tail: number, timestamps: boolean): Promise<ContainerLogsDto> {
    const { stdout } = await this.run(hostId, { kind: 'logs', ref, tail, timestamps }, `docker logs ${ref}`, ref);
    const lines = stdout.split('\n').map((line) => line.replace(/\r$/, ''));
    const id = lines.shift() ?? '';
    if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
    return parsed('docker logs', () => ({ id: fullId(id), lines, tail }));
  }

  async stats(hostId: number, ref: string): Promise<ContainerStatsDto> {
    const { stdout } = await this.run(hostId, { kind: 'stats', ref }, `docker stats ${ref}`, ref);
    return parsed('docker stats', () => parseStatsOutput(stdout));
  }

  async action(hostId: number, ref: string, verb: ActionVerb): Promise<ContainerActionResultDto> {
    const { stdout } = await this.run(hostId, { kind: 'action', verb, ref }, `docker ${verb} ${ref}`, ref);
    const states = parseIdAndState(stdout);
    if (states.length !== 2) throw new BadGatewayException(`docker ${verb} ${ref} answered something unexpected; the action may or may not have run`);
    const [before, after] = states;
    return { action: verb, id: after.id, state: after.state, ...noteFor(verb, before.state) };
  }

  async remove(hostId: number, ref: string, force: boolean): Promise<ContainerActionResultDto> {
    const { stdout } = await this.run(hostId, { kind: 'remove', ref, force }, `docker rm ${ref}`, ref);
    return parsed('docker rm', () => ({ action: 'remove', id: fullId(stdout.trim()), state: 'removed' }));
  }

  /**
   * A fresh connection (never the pool: the point is to see the handshake as it is now). A target
   * without a pinned key is read and left before any credential is sent; the answer shows the key.
   */
  async test(hostId: number): Promise<DockerSshTestResultDto> {
    const route = await this.hosts.route(hostId, 'jump-hosts');
    const target = route.hops[route.hops.length - 1];
    const started = Date.now();
    const result = (fields: Partial<DockerSshTestResultDto> & { ok: boolean; message: string }): DockerSshTestResultDto => ({
      presentedFingerprint: null,
      pinnedFingerprint: target.fingerprint,
      fingerprintMatches: null,
      dockerVersion: null,
      elapsedMs: Date.now() - started,
      ...fields,
    });
    let connection: SshConnection;
    try {
      connection = await SshConnection.open(route.hops, this.timeouts);
    } catch (error) {
      const failure = sshFailureToHttp(error);
      if (!(error instanceof SshFailure) || error.hopLabel !== target.label || !error.detail.presentedFingerprint) {
        return result({ ok: false, message: failure.message });
      }
      const presented = error.detail.presentedFingerprint;
      if (error.kind === 'host-key-unpinned') {
        return result({
          ok: false,
          presentedFingerprint: presented,
          message:
            `The host presented ${presented}. Compare it with \`ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub\` (or the key type in use) on the host; ` +
            `if it matches, confirm it with PATCH /api/docker-ssh/hosts/${hostId} {"hostKeyFingerprint": "${presented}"}. No credential was sent.`,
        });
      }
      return result({ ok: false, presentedFingerprint: presented, fingerprintMatches: presented === target.fingerprint, message: failure.message });
    }
    try {
      const run = await connection.run(buildRemoteCommand({ kind: 'version' }), { timeoutMs: this.requestTimeoutMs, maxOutputBytes: 64 * 1024 });
      const base = { presentedFingerprint: target.fingerprint, fingerprintMatches: true };
      if (run.code !== 0) return result({ ...base, ok: false, message: dockerFailureToHttp(run, remoteOf(route), 'docker version').message });
      const version = run.stdout.toString('utf8').trim().slice(0, 64);
      return result({ ...base, ok: true, dockerVersion: version, message: `Connected as ${target.username}@${target.host}:${target.port}; Docker ${version}` });
    } catch (error) {
      return result({ ok: false, presentedFingerprint: target.fingerprint, fingerprintMatches: true, message: sshFailureToHttp(error).message });
    } finally {
      connection.close();
    }
  }

  /**
   * `docker exec -it` on a pseudo-terminal. The session slot is held until the terminal closes;
   * the caller closes the returned channel when its client goes away.
   */
  async openTerminal(hostId: number, ref: string, program: string, size: { cols: number; rows: number }): Promise<TerminalChannel> {
    const command = build({ kind: 'exec', ref, program });
    // A clean 404/409 beats a docker error printed into the terminal.
    const container = await this.inspect(hostId, ref);
    if (container.state !== 'running') throw new ConflictException(`Container '${container.name}' is ${container.state}; start it before opening a terminal`);
    const route = await this.hosts.route(hostId, 'all');
    try {
      const lease = await this.pool.lease(poolRouteOf(route), 'terminal');
      try {
        const terminal = await lease.connection.openTerminal(command, size, this.requestTimeoutMs);
        void terminal.exitCode().finally(() => lease.release());
        return terminal;
      } catch (error) {
        lease.release();
        throw error;
      }
    } catch (error) {
      throw sshFailureToHttp(error);
    }
  }

  private async run(hostId: number, command: RemoteDockerCommand, what: string, ref?: string) {
    const text = build(command);
    const route = await this.hosts.route(hostId, 'all');
    let result;
    try {
      result = await this.pool.withConnection(poolRouteOf(route), (connection) =>
        connection.run(text, { timeoutMs: this.requestTimeoutMs, maxOutputBytes: MAX_OUTPUT_BYTES }),
      );
    } catch (error) {
      throw sshFailureToHttp(error, what);
    }
    if (result.code !== 0) throw dockerFailureToHttp(result, remoteOf(route), what, ref);
    return { stdout: result.stdout.toString('utf8') };
  }
}

export function sshTimeouts(config: ConfigService): SshTimeouts {
  return {
    readyTimeoutMs: setting(config, 'ARCHNEST_DOCKER_CONNECT_TIMEOUT_MS'),
    keepaliveIntervalMs: KEEPALIVE_INTERVAL_MS,
    keepaliveCountMax: KEEPALIVE_COUNT_MAX,
  };
}

function build(command: RemoteDockerCommand): string {
  try {
    return buildRemoteCommand(command);
  } catch (error) {
    if (error instanceof UnsafeArgumentError) throw new BadRequestException(error.message);
    throw error;
  }
}

function poolRouteOf(route: ResolvedRoute): PoolRoute {
  const target = route.hops[route.hops.length - 1];
  return { hostId: route.host.id, poolKey: route.poolKey, pathIds: route.pathIds, hops: route.hops, label: target.label };
}

function remoteOf(route: ResolvedRoute): RemoteContext {
  const target = route.hops[route.hops.length - 1];
  return { label: target.label, username: target.username };
}

function fullId(text: string): string {
  if (!/^[0-9a-f]{64}$/.test(text)) throw new Error(`not a container id: ${text.slice(0, 80)}`);
  return text;
}

/** Output that does not parse means the remote CLI is not what we expect: a 502, not a 500. */
function parsed<T>(what: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    throw new BadGatewayException(`${what} printed output ArchNest cannot read (${(error as Error).message.slice(0, 120)}); is the remote docker CLI very old?`);
  }
}

function noteFor(verb: ActionVerb, before: string): { note?: string } {
  if (verb === 'start' && before === 'running') return { note: 'the container was already running' };
  if (verb === 'stop' && ['exited', 'created', 'dead'].includes(before)) return { note: 'the container was not running' };
  return {};
}
