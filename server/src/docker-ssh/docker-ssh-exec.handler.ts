import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import type { WebSocket } from 'ws';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { ExecGateway, type ExecHandler } from '../exec/exec-gateway.service';
import type { ExecQuery } from '../exec/exec-query';
import { bridgeTerminal, type TerminalProcess } from '../exec/terminal-bridge';
import { DockerSshService } from './docker-ssh.service';

export const DOCKER_SSH_EXEC_PATH = '/api/docker-ssh/exec';

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
          kill: async () => terminal.close(),
        };
      },
      this.logger,
    );
  }
}
