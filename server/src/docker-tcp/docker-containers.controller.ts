import { Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiBadGatewayResponse, ApiConflictResponse, ApiGatewayTimeoutResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiParam, ApiTags,
} from '@nestjs/swagger';
import { Authenticated } from '../common/decorators/authenticated.decorator';
import { ErrorResponseDto } from '../common/dto/error-response.dto';
import { IdParamPipe } from '../common/pipes/id-param.pipe';
import { ContainerRefPipe } from '../containers/container-ref';
import { ContainerActionResultDto, ContainerLogsDto, ContainerSummaryDto } from '../containers/dto/container-summary.dto';
import { ContainerDto, ContainerStatsDto } from '../containers/dto/container.dto';
import { DockerContainersService } from './docker-containers.service';
import { ContainerLogsQueryDto, RemoveContainerQueryDto } from './dto/container-queries.dto';

const REF = { name: 'ref', description: 'Full container id, a unique id prefix, or the container name.', example: 'web' };

/** The containers of one registered engine, through its Engine API. */
@ApiTags('docker-api containers')
@ApiNotFoundResponse({ description: 'Unknown host or container.', type: ErrorResponseDto })
@ApiBadGatewayResponse({ description: 'The engine is unreachable, refused TLS, or failed (the message says why).', type: ErrorResponseDto })
@ApiGatewayTimeoutResponse({ description: 'The engine did not finish within ARCHNEST_DOCKER_REQUEST_TIMEOUT_MS.', type: ErrorResponseDto })
@Controller('docker/hosts/:id/containers')
export class DockerContainersController {
  constructor(private readonly containers: DockerContainersService) {}

  /** Every container in every state (any user). `stats` and `startedAt` are null here: the stats endpoint has live numbers. */
  @Get()
  @Authenticated()
  @ApiOkResponse({ type: [ContainerSummaryDto] })
  list(@Param('id', IdParamPipe) id: number): Promise<ContainerSummaryDto[]> {
    return this.containers.list(id);
  }

  /** One container in the shared shape (any user); secret-looking env values are masked. */
  @Get(':ref')
  @Authenticated()
  @ApiParam(REF)
  @ApiOkResponse({ type: ContainerDto })
  @ApiConflictResponse({ description: 'The id prefix matches several containers.', type: ErrorResponseDto })
  detail(@Param('id', IdParamPipe) id: number, @Param('ref', ContainerRefPipe) ref: string): Promise<ContainerDto> {
    return this.containers.detail(id, ref);
  }

  /** The newest log lines, stdout and stderr interleaved (any user). */
  @Get(':ref/logs')
  @Authenticated()
  @ApiParam(REF)
  @ApiOkResponse({ type: ContainerLogsDto })
  logs(@Param('id', IdParamPipe) id: number, @Param('ref', ContainerRefPipe) ref: string, @Query() query: ContainerLogsQueryDto): Promise<ContainerLogsDto> {
    return this.containers.logs(id, ref, query.tail, query.timestamps);
  }

  /** One live sample of CPU, memory, network and block IO (any user; takes about a second; nulls when not running). */
  @Get(':ref/stats')
  @Authenticated()
  @ApiParam(REF)
  @ApiOkResponse({ type: ContainerStatsDto })
  stats(@Param('id', IdParamPipe) id: number, @Param('ref', ContainerRefPipe) ref: string): Promise<ContainerStatsDto> {
    return this.containers.stats(id, ref);
  }

  /** Starts the container (admin). Already running: 200 with a `note`; paused: 409. */
  @Post(':ref/start')
  @Authenticated({ admin: true })
  @HttpCode(200)
  @ApiParam(REF)
  @ApiOkResponse({ type: ContainerActionResultDto })
  @ApiConflictResponse({ description: 'The action does not apply to the current state.', type: ErrorResponseDto })
  start(@Param('id', IdParamPipe) id: number, @Param('ref', ContainerRefPipe) ref: string): Promise<ContainerActionResultDto> {
    return this.containers.act(id, ref, 'start');
  }

  /** Stops the container (admin; the engine waits for its stop timeout). Already stopped: 200 with a `note`. */
  @Post(':ref/stop')
  @Authenticated({ admin: true })
  @HttpCode(200)
  @ApiParam(REF)
  @ApiOkResponse({ type: ContainerActionResultDto })
  stop(@Param('id', IdParamPipe) id: number, @Param('ref', ContainerRefPipe) ref: string): Promise<ContainerActionResultDto> {
    return this.containers.act(id, ref, 'stop');
  }

  /** Restarts the container (admin), whatever its state. */
  @Post(':ref/restart')
  @Authenticated({ admin: true })
  @HttpCode(200)
  @ApiParam(REF)
  @ApiOkResponse({ type: ContainerActionResultDto })
  restart(@Param('id', IdParamPipe) id: number, @Param('ref', ContainerRefPipe) ref: string): Promise<ContainerActionResultDto> {
    return this.containers.act(id, ref, 'restart');
  }

  /** Pauses a running container (admin). Already paused: 200 with a `note`; not running: 409. */
  @Post(':ref/pause')
  @Authenticated({ admin: true })
  @HttpCode(200)
  @ApiParam(REF)
  @ApiOkResponse({ type: ContainerActionResultDto })
  @ApiConflictResponse({ description: 'The container is not running.', type: ErrorResponseDto })
  pause(@Param('id', IdParamPipe) id: number, @Param('ref', ContainerRefPipe) ref: string): Promise<ContainerActionResultDto> {
    return this.containers.act(id, ref, 'pause');
  }

  /** Unpauses a paused container (admin). Running and not paused: 200 with a `note`; stopped: 409. */
  @Post(':ref/unpause')
  @Authenticated({ admin: true })
  @HttpCode(200)
  @ApiParam(REF)
  @ApiOkResponse({ type: ContainerActionResultDto })
  @ApiConflictResponse({ description: 'The container is not paused.', type: ErrorResponseDto })
  unpause(@Param('id', IdParamPipe) id: number, @Param('ref', ContainerRefPipe) ref: string): Promise<ContainerActionResultDto> {
    return this.containers.act(id, ref, 'unpause');
  }

  /** Removes the container (admin). A running one needs `?force=true` (409 otherwise). */
  @Delete(':ref')
  @Authenticated({ admin: true })
  @HttpCode(204)
  @ApiParam(REF)
  @ApiNoContentResponse({ description: 'Removed.' })
  @ApiConflictResponse({ description: 'Running and not forced.', type: ErrorResponseDto })
  async remove(@Param('id', IdParamPipe) id: number, @Param('ref', ContainerRefPipe) ref: string, @Query() query: RemoveContainerQueryDto): Promise<void> {
    await this.containers.remove(id, ref, query.force);
  }
}
