import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Authenticated } from '../common/decorators/authenticated.decorator';
import { ErrorResponseDto } from '../common/dto/error-response.dto';
import { IdParamPipe } from '../common/pipes/id-param.pipe';
import { DockerSshHostsService } from './docker-ssh-hosts.service';
import { DockerSshService } from './docker-ssh.service';
import { CreateDockerSshHostDto } from './dto/create-docker-ssh-host.dto';
import { DockerSshHostDto } from './dto/docker-ssh-host.dto';
import { DockerSshTestResultDto } from './dto/docker-ssh-test-result.dto';
import { UpdateDockerSshHostDto } from './dto/update-docker-ssh-host.dto';

@ApiTags('docker-ssh')
@Controller('docker-ssh/hosts')
export class DockerSshHostsController {
  constructor(
    private readonly hosts: DockerSshHostsService,
    private readonly docker: DockerSshService,
  ) {}

  /** Every registered SSH host (no credentials, only `has…` flags). */
  @Get()
  @Authenticated()
  async list(): Promise<DockerSshHostDto[]> {
    return (await this.hosts.list()).map(DockerSshHostDto.from);
  }

  /** One SSH host. */
  @Get(':id')
  @Authenticated()
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  async get(@Param('id', IdParamPipe) id: number): Promise<DockerSshHostDto> {
    return DockerSshHostDto.from(await this.hosts.get(id));
  }

  /**
   * Registers a host (admin). Without `hostKeyFingerprint`, run the test next and confirm the
   * fingerprint it presents: no docker command runs on an unconfirmed host.
   */
  @Post()
  @Authenticated({ admin: true })
  @ApiBadRequestResponse({ description: 'Invalid fields, an unreadable key, or a jump host chain that loops or is too long.', type: ErrorResponseDto })
  @ApiConflictResponse({ description: 'The name is taken.', type: ErrorResponseDto })
  async create(@Body() dto: CreateDockerSshHostDto): Promise<DockerSshHostDto> {
    return DockerSshHostDto.from(await this.hosts.create(dto));
  }

  /** Changes a host (admin); `null` clears a credential, the jump host or the pinned fingerprint. */
  @Patch(':id')
  @Authenticated({ admin: true })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ description: 'The name is taken.', type: ErrorResponseDto })
  async update(@Param('id', IdParamPipe) id: number, @Body() dto: UpdateDockerSshHostDto): Promise<DockerSshHostDto> {
    return DockerSshHostDto.from(await this.hosts.update(id, dto));
  }

  /** Deletes a host (admin) and closes its connections. A host still used as a jump host cannot be deleted. */
  @Delete(':id')
  @HttpCode(204)
  @Authenticated({ admin: true })
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ description: 'Other hosts jump through it.', type: ErrorResponseDto })
  async remove(@Param('id', IdParamPipe) id: number): Promise<void> {
    await this.hosts.remove(id);
  }

  /**
   * Tests a fresh connection (admin): host key, login and the docker CLI. For a host without a
   * pinned key it stops before authenticating and answers the presented fingerprint to confirm.
   */
  @Post(':id/test')
  @HttpCode(200)
  @Authenticated({ admin: true })
  @ApiOkResponse({ type: DockerSshTestResultDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ description: 'The jump host chain is broken.', type: ErrorResponseDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  async test(@Param('id', IdParamPipe) id: number): Promise<DockerSshTestResultDto> {
    return this.docker.test(id);
  }
}
