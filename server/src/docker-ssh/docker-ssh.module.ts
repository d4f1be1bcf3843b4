import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { TypeOrmModule } from '@nestjs/typeorm';
import { setting } from '../config/app-config';
import { ExecModule } from '../exec/exec.module';
import { DockerSshContainersController } from './docker-ssh-containers.controller';
import { DockerSshExecHandler } from './docker-ssh-exec.handler';
import { DockerSshHostsController } from './docker-ssh-hosts.controller';
import { DockerSshHostsService } from './docker-ssh-hosts.service';
import { DockerSshService, sshTimeouts } from './docker-ssh.service';
import { DockerSshHost } from './entities/docker-ssh-host.entity';
import { SshConnectionPool } from './ssh-connection-pool';

/** Docker over SSH (SPEC §4): hosts reached with ssh2, managed through the remote `docker` CLI. */
@Module({
  imports: [TypeOrmModule.forFeature([DockerSshHost]), ExecModule],
  controllers: [DockerSshHostsController, DockerSshContainersController],
  providers: [
    DockerSshHostsService,
    DockerSshService,
    DockerSshExecHandler,
    {
      provide: SshConnectionPool,
      inject: [ConfigService],
      useFactory: (config: ConfigService) =>
        new SshConnectionPool({
          maxChannels: setting(config, 'ARCHNEST_SSH_MAX_SESSIONS'),
          idleMs: setting(config, 'ARCHNEST_SSH_IDLE_MS'),
          queueTimeoutMs: setting(config, 'ARCHNEST_DOCKER_REQUEST_TIMEOUT_MS'),
          timeouts: sshTimeouts(config),
        }),
    },
  ],
  exports: [DockerSshHostsService, DockerSshService],
})
export class DockerSshModule {}
