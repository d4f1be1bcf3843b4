import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import type { WebSocket } from 'ws';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { ExecGateway, type ExecHandler } from '../exec/exec-gateway.service';
import type { ExecQuery } from '../exec/exec-query';
import { bridgeTerminal, type TerminalProcess } from '../exec/terminal-bridge';
import { DockerSshService } from './docker-ssh.service';
import type { TerminalChannel } from './ssh.client';

export const DOCKER_SSH_EXEC_PATH = '/api/docker-ssh/exec';
const HANG_UP_GRACE_MS = 1500;

/**
 * `wss://…/api/docker-ssh/exec?hostId=&ref=&cmd=sh&cols=&rows=`: the shared gateway has checked
 * Origin, token, admin role and query; this runs `docker exec -it` on an SSH PTY and bridges it.
 */
@Injectable()
export class DockerSshExecHandler implements ExecHandler, OnModuleInit {
  private readonly logger = new Logger('DockerSshExec');

  constructor(
    private readonly gateway: ExecGateway,
    private readonly service: DockerSshService,
  ) {}

  onModuleInit(): void {
    this.gateway.register(DOCKER_SSH_EXEC_PATH, this);
  }

  handle(socket: WebSocket, query: ExecQuery, _user: AuthenticatedUser): void {
    bridgeTerminal(
      socket,
      { cols: query.cols, rows: query.rows },
      async (size): Promise<TerminalProcess> => {
        const terminal = await this.service.openTerminal(query.hostId, query.ref, query.cmd, size);
        return {
          output: terminal.output,
          write: (data) => terminal.write(data),
          resize: async (cols, rows) => terminal.resize(cols, rows),
          exitCode: () => terminal.exitCode(),
          kill: () => hangUp(terminal),
        };
      },
      this.logger,
    );
  }
}

/**
 * Docker never kills an exec'd process when its client goes away (the container keeps a shell
 * blocked on its own TTY), and closing our SSH channel only ends the remote CLI. So first type
 * what a person would: Ctrl-C ends a foreground command and clears the line, Ctrl-D then ends
 * the shell. If the shell is not at a prompt (an editor, IGNOREEOF), the channel is closed after
 * a grace period and the process may stay behind: docs/docker-ssh.md.
 */
async function hangUp(terminal: TerminalChannel): Promise<void> {
  const exited = terminal.exitCode();
  const within = async (ms: number) => {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([exited, new Promise((resolve) => (timer = setTimeout(resolve, ms)))]);
    clearTimeout(timer);
  };
  terminal.write('\x03');
  // The TTY flushes pending input when Ctrl-C raises SIGINT, so Ctrl-D must come after it, not with it.
  await within(200);
  terminal.write('\x04');
  await within(HANG_UP_GRACE_MS);
  terminal.close();
}
