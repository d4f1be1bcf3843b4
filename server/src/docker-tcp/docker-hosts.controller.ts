import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Authenticated } from '../common/decorators/authenticated.decorator';
import { ErrorResponseDto } from '../common/dto/error-response.dto';
import { IdParamPipe } from '../common/pipes/id-param.pipe';
import { DockerHostsService } from './docker-hosts.service';
import { DockerHostDto, DockerHostTestResultDto } from './dto/docker-host.dto';
import { CreateDockerHostDto, UpdateDockerHostDto } from './dto/docker-host-input.dto';

/** Room for a CA bundle, a certificate and a key as JSON strings. */
const HOST_BODY_LIMIT = 128 * 1024;

@ApiTags('docker-api hosts')
@Controller('docker/hosts')
export class DockerHostsController {
  constructor(private readonly hosts: DockerHostsService) {}

  /** Registered Docker engines (any user). TLS material is never returned, only whether it is set. */
  @Get()
  @Authenticated()
  @ApiOkResponse({ type: [DockerHostDto] })
  list(): Promise<DockerHostDto[]> {
    return this.hosts.list();
  }

  /** Registers an engine (admin): `tcp://host:port`, or `https://host:port` with optional CA and client certificate + key (PEM). */
  @Post()
  @Authenticated({ admin: true })
  @RouteConfig({ bodyLimit: HOST_BODY_LIMIT })
  @ApiCreatedResponse({ type: DockerHostDto })
  @ApiBadRequestResponse({ description: 'Invalid URL or TLS material (the body names the fields).', type: ErrorResponseDto })
  @ApiConflictResponse({ description: 'The name is taken.', type: ErrorResponseDto })
  create(@Body() dto: CreateDockerHostDto): Promise<DockerHostDto> {
    return this.hosts.create(dto);
  }

  /** One registered engine (any user). */
  @Get(':id')
  @Authenticated()
  @ApiOkResponse({ type: DockerHostDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  get(@Param('id', IdParamPipe) id: number): Promise<DockerHostDto> {
    return this.hosts.get(id);
  }

  /** Changes name, URL or TLS material (admin); send null for ca/cert/key to remove them. */
  @Patch(':id')
  @Authenticated({ admin: true })
  @RouteConfig({ bodyLimit: HOST_BODY_LIMIT })
  @ApiOkResponse({ type: DockerHostDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ description: 'The name is taken.', type: ErrorResponseDto })
  update(@Param('id', IdParamPipe) id: number, @Body() dto: UpdateDockerHostDto): Promise<DockerHostDto> {
    return this.hosts.update(id, dto);
  }

  /** Forgets an engine and its stored TLS material (admin). Nothing changes on the engine. */
  @Delete(':id')
  @Authenticated({ admin: true })
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  async remove(@Param('id', IdParamPipe) id: number): Promise<void> {
    await this.hosts.remove(id);
  }

  /** Asks the engine for its version (admin). Always 200 for a known host: `ok` says whether the engine answered, `message` why not. */
  @Post(':id/test')
  @Authenticated({ admin: true })
  @HttpCode(200)
  @ApiOkResponse({ type: DockerHostTestResultDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  test(@Param('id', IdParamPipe) id: number): Promise<DockerHostTestResultDto> {
    return this.hosts.test(id);
  }
}
