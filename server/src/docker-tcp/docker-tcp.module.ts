import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ExecModule } from '../exec/exec.module';
import { DockerContainersController } from './docker-containers.controller';
import { DockerContainersService } from './docker-containers.service';
import { DockerExecHandler } from './docker-exec.handler';
import { DockerHostsController } from './docker-hosts.controller';
import { DockerHostsService } from './docker-hosts.service';
import { DockerTcpHost } from './entities/docker-tcp-host.entity';

/** The Docker Engine API source (SPEC §4): host registry, container operations, exec at /api/docker/exec. */
@Module({
  imports: [TypeOrmModule.forFeature([DockerTcpHost]), ExecModule],
  controllers: [DockerHostsController, DockerContainersController],
  providers: [DockerHostsService, DockerContainersService, DockerExecHandler],
  exports: [DockerHostsService],
})
export class DockerTcpModule {}
