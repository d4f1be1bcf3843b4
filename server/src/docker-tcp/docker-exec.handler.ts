import { ConflictException, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { WebSocket } from 'ws';
import { ExecGateway, type ExecHandler } from '../exec/exec-gateway.service';
import type { ExecQuery } from '../exec/exec-query';
import { bridgeTerminal, type TerminalProcess, type TerminalSize } from '../exec/terminal-bridge';
import { DockerContainersService } from './docker-containers.service';
import type { DockerEngineClient, EngineExec } from './docker-engine.client';
import { toHttpException } from './engine-error';

export const DOCKER_EXEC_PATH = '/api/docker/exec';
const SESSION_ENV = 'ARCHNEST_EXEC_SESSION';

/**
 * Finds every process of one terminal session by the marker in its environment and signals
 * it. The Engine API has no "kill exec": a closed attach leaves the shell running, so this
 * runs inside the container with the same shell the session used ($1 = signal, $2 = marker).
 */
const KILL_SESSION =
  'for p in /proc/[0-9]*; do if grep -q "$2" "$p/environ" 2>/dev/null; then kill -"$1" "${p#/proc/}" 2>/dev/null; fi; done';

/** `/api/docker/exec`: a TTY exec in a container of a registered engine, bridged to the socket. */
@Injectable()
export class DockerExecHandler implements ExecHandler, OnModuleInit {
  private readonly logger = new Logger('DockerExec');

  constructor(
    private readonly gateway: ExecGateway,
    private readonly containers: DockerContainersService,
  ) {}

  onModuleInit(): void {
    this.gateway.register(DOCKER_EXEC_PATH, this);
  }

  handle(socket: WebSocket, query: ExecQuery): void {
    bridgeTerminal(socket, { cols: query.cols, rows: query.rows }, (size) => this.start(query, size), this.logger);
  }

  private async start(query: ExecQuery, size: TerminalSize): Promise<TerminalProcess> {
    const c = await this.containers.resolve(query.hostId, query.ref);
    if (c.state !== 'running') throw new ConflictException(`Container '${query.ref}' is ${c.state}: a terminal needs a running container`);
    const marker = `${SESSION_ENV}=${randomUUID()}`;
    let exec: EngineExec;
    try {
      exec = await c.client.startExec(c.id, [query.cmd], [marker, 'TERM=xterm-256color']);
    } catch (error) {
      throw toHttpException(error);
    }
    await exec.resize(size.cols, size.rows).catch(() => undefined);
    exec.stream.on('error', (error) => this.logger.debug(`exec stream error: ${error.message}`));
    return {
      output: exec.stream,
      write: (data) => void exec.stream.write(data),
      resize: (cols, rows) => exec.resize(cols, rows),
      exitCode: () => exitCodeOf(exec),
      kill: () => this.kill(c.client, c.id, query.cmd, marker, exec),
    };
  }

  /** Socket gone: hang up the session's processes, then kill what ignored the hangup. */
  private async kill(client: DockerEngineClient, id: string, shell: string, marker: string, exec: EngineExec): Promise<void> {
    exec.stream.destroy();
    try {
      for (const signal of ['HUP', 'KILL']) {
        if (!(await exec.inspect()).running) return;
        await client.runDetached(id, [shell, '-c', KILL_SESSION, 'archnest-kill', signal, marker]);
        await delay(1000);
      }
      if ((await exec.inspect()).running) this.logger.warn(`exec session in container ${id.slice(0, 12)} outlived its socket`);
    } catch (error) {
      // The container may be gone or stopped, which ends the session anyway.
      this.logger.debug(`ending exec session failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

/** The engine marks an exec finished a moment after its stream ends: ask a few times. */
async function exitCodeOf(exec: EngineExec): Promise<number | null> {
  for (let attempt = 0; attempt < 10; attempt++) {
    const info = await exec.inspect();
    if (!info.running) return info.exitCode;
    await delay(100);
  }
  return null;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
