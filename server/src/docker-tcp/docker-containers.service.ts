import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import type { ContainerActionResultDto, ContainerLogsDto, ContainerSummaryDto } from '../containers/dto/container-summary.dto';
import type { ContainerDto, ContainerState, ContainerStatsDto } from '../containers/dto/container.dto';
import { containerState, hasTty, inspectToContainer, type DockerInspectJson } from '../containers/inspect-to-container';
import type { ContainerAction, DockerEngineClient } from './docker-engine.client';
import { DockerHostsService } from './docker-hosts.service';
import type { DockerTcpHost } from './entities/docker-tcp-host.entity';
import { EngineError, toHttpException } from './engine-error';
import { emptyStats, engineStatsToDto } from './engine-stats';
import { listEntryToSummary } from './list-to-summary';
import { LogCollector } from './log-frames';

/** A container resolved from a user's ref: every later engine call uses its full id, never the ref. */
export interface ResolvedContainer {
  host: DockerTcpHost;
  client: DockerEngineClient;
  id: string;
  state: ContainerState;
  inspect: DockerInspectJson;
}

/**
 * What each action needs to make sense. Reaching the state the action aims for already is a
 * no-op answered 200 with a `note` (idempotent, like the engine's own 304); an action that
 * cannot apply to the current state is a 409 that says what to do instead.
 */
const ACTION_RULES: Record<ContainerAction, (state: ContainerState) => { noop?: string; conflict?: string } | null> = {
  start: (s) => (s === 'running' ? { noop: 'already running' } : s === 'paused' ? { conflict: 'is paused: unpause it instead of starting it' } : null),
  stop: (s) => (s === 'running' || s === 'paused' || s === 'restarting' ? null : { noop: `already stopped (${s})` }),
  restart: () => null,
  pause: (s) => (s === 'paused' ? { noop: 'already paused' } : s !== 'running' ? { conflict: `is not running (${s}): start it before pausing it` } : null),
  unpause: (s) => (s === 'running' ? { noop: 'not paused' } : s !== 'paused' ? { conflict: `is not paused (${s}): only a paused container can be unpaused` } : null),
};

@Injectable()
export class DockerContainersService {
  constructor(private readonly hosts: DockerHostsService) {}

  async list(hostId: number): Promise<ContainerSummaryDto[]> {
    const { client } = await this.hosts.client(hostId);
    const entries = await engine(client.listContainers());
    const rows: ContainerSummaryDto[] = [];
    for (const entry of entries) {
      const row = listEntryToSummary(entry);
      if (row) rows.push(row);
    }
    return rows;
  }

  async detail(hostId: number, ref: string): Promise<ContainerDto> {
    const c = await this.resolve(hostId, ref);
    const status = await engine(c.client.statusText(c.id));
    return inspectToContainer(c.inspect, { status });
  }

  async logs(hostId: number, ref: string, tail: number, timestamps: boolean): Promise<ContainerLogsDto> {
    const c = await this.resolve(hostId, ref);
    const collected = await engine(
      c.client.logs(c.id, { tail, timestamps }, (stream) => {
        const collector = new LogCollector(!hasTty(c.inspect));
        return new Promise<ReturnType<LogCollector['lines']>>((resolve, reject) => {
          stream.on('data', (chunk: Buffer) => collector.push(chunk));
          stream.on('end', () => resolve(collector.lines()));
          stream.on('error', reject);
        });
      }),
    );
    return { id: c.id, lines: collected.lines, tail };
  }

  async stats(hostId: number, ref: string): Promise<ContainerStatsDto> {
    const c = await this.resolve(hostId, ref);
    // A stopped container has no numbers; skip the engine's sampling pause.
    if (c.state !== 'running' && c.state !== 'paused' && c.state !== 'restarting') return emptyStats();
    return engineStatsToDto(await engine(c.client.stats(c.id)));
  }

  async act(hostId: number, ref: string, action: ContainerAction): Promise<ContainerActionResultDto> {
    const c = await this.resolve(hostId, ref);
    const rule = ACTION_RULES[action](c.state);
    if (rule?.conflict) throw new ConflictException(`Cannot ${action} container '${ref}': it ${rule.conflict}`);
    let note = rule?.noop;
    if (!note) {
      const changed = await engine(c.client.containerAction(c.id, action));
      if (!changed) note = action === 'start' ? 'already running' : 'already stopped';
    }
    const after = await engine(c.client.inspectContainer(c.id));
    return { action, id: c.id, state: containerState(after.State?.Status), ...(note ? { note: `Nothing to do: the container is ${note}` } : {}) };
  }

  async remove(hostId: number, ref: string, force: boolean): Promise<void> {
    const c = await this.resolve(hostId, ref);
    if (!force && (c.state === 'running' || c.state === 'paused' || c.state === 'restarting')) {
      throw new ConflictException(`Container '${ref}' is ${c.state}: stop it first, or remove it with ?force=true`);
    }
    await engine(c.client.removeContainer(c.id, force));
  }

  /**
   * Ref → one container, as the engine resolves it (full id, name, or unique id prefix).
   * Public for the exec handler.
   */
  async resolve(hostId: number, ref: string): Promise<ResolvedContainer> {
    const { host, client } = await this.hosts.client(hostId);
    try {
      const inspect = await client.inspectContainer(ref);
      const id = typeof inspect.Id === 'string' && /^[0-9a-f]{64}$/.test(inspect.Id) ? inspect.Id : null;
      if (!id) throw new EngineError('engine', `The Docker engine of '${host.name}' answered inspect without a container id`);
      return { host, client, id, state: containerState(inspect.State?.Status), inspect };
    } catch (error) {
      if (error instanceof EngineError && error.kind === 'not-found') {
        throw new NotFoundException(`No container '${ref}' on Docker host '${host.name}'`);
      }
      if (error instanceof EngineError && error.kind === 'conflict' && /multiple ids/i.test(error.message)) {
        throw new ConflictException(`'${ref}' matches several containers on Docker host '${host.name}': use more characters of the id, or the name`);
      }
      throw toHttpException(error);
    }
  }
}

/** Awaits an engine call and turns its EngineError into the HTTP answer. */
async function engine<T>(call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (error) {
    throw toHttpException(error);
  }
}
