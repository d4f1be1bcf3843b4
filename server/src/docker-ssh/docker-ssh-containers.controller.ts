import { applyDecorators, BadRequestException, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiBadGatewayResponse, ApiConflictResponse, ApiGatewayTimeoutResponse, ApiNotFoundResponse, ApiParam, ApiPreconditionFailedResponse,
  ApiServiceUnavailableResponse, ApiTags,
} from '@nestjs/swagger';
import { Authenticated } from '../common/decorators/authenticated.decorator';
import { ErrorResponseDto } from '../common/dto/error-response.dto';
import { IdParamPipe } from '../common/pipes/id-param.pipe';
import { ContainerRefPipe } from '../containers/container-ref';
import { ContainerDto, ContainerStatsDto } from '../containers/dto/container.dto';
import { ContainerActionResultDto, ContainerLogsDto, ContainerSummaryDto } from '../containers/dto/container-summary.dto';
import { DockerSshService } from './docker-ssh.service';
import { LogsQueryDto, RemoveQueryDto } from './dto/container-query.dto';
import { ACTION_VERBS, type ActionVerb } from './remote-command';

/** The ways a remote call can fail, documented once for every route. */
function RemoteErrors() {
  return applyDecorators(
    ApiNotFoundResponse({ description: 'No such SSH host or container.', type: ErrorResponseDto }),
    ApiPreconditionFailedResponse({ description: 'A host key on the path is not confirmed yet.', type: ErrorResponseDto }),
    ApiBadGatewayResponse({ description: 'SSH or docker failed: unreachable, authentication, host key mismatch, docker missing or not permitted.', type: ErrorResponseDto }),
    ApiServiceUnavailableResponse({ description: 'Every SSH session to the host stayed busy.', type: ErrorResponseDto }),
    ApiGatewayTimeoutResponse({ description: 'No answer within the configured timeout.', type: ErrorResponseDto }),
  );
}

@ApiTags('docker-ssh')
@Controller('docker-ssh/hosts/:id/containers')
export class DockerSshContainersController {
  constructor(private readonly docker: DockerSshService) {}

  /** Every container of the host, in all states (`docker ps -a`; stats are left out, see the stats route). */
  @Get()
  @Authenticated()
  @RemoteErrors()
  list(@Param('id', IdParamPipe) id: number): Promise<ContainerSummaryDto[]> {
    return this.docker.list(id);
  }

  /** One container in detail (`docker inspect`), env values with secret-looking keys masked. */
  @Get(':ref')
  @Authenticated()
  @RemoteErrors()
  inspect(@Param('id', IdParamPipe) id: number, @Param('ref', ContainerRefPipe) ref: string): Promise<ContainerDto> {
    return this.docker.inspect(id, ref);
  }

  /** The latest log lines (`tail` 1-5000, default 200). */
  @Get(':ref/logs')
  @Authenticated()
  @RemoteErrors()
  logs(@Param('id', IdParamPipe) id: number, @Param('ref', ContainerRefPipe) ref: string, @Query() query: LogsQueryDto): Promise<ContainerLogsDto> {
    return this.docker.logs(id, ref, query.tail ?? 200, query.timestamps ?? false);
  }

  /** One stats snapshot (`docker stats --no-stream`, about a second of sampling). */
  @Get(':ref/stats')
  @Authenticated()
  @RemoteErrors()
  stats(@Param('id', IdParamPipe) id: number, @Param('ref', ContainerRefPipe) ref: string): Promise<ContainerStatsDto> {
    return this.docker.stats(id, ref);
  }

  /** start, stop, restart, pause or unpause (admin); answers the state read back afterwards. */
  @Post(':ref/:action')
  @HttpCode(200)
  @Authenticated({ admin: true })
  @ApiParam({ name: 'action', enum: ACTION_VERBS })
  @RemoteErrors()
  @ApiConflictResponse({ description: 'The engine refused the action in this state (e.g. pausing a stopped container).', type: ErrorResponseDto })
  action(@Param('id', IdParamPipe) id: number, @Param('ref', ContainerRefPipe) ref: string, @Param('action') action: string): Promise<ContainerActionResultDto> {
    if (!(ACTION_VERBS as readonly string[]).includes(action)) {
      throw new BadRequestException(`action must be one of ${ACTION_VERBS.join(', ')}`);
    }
    return this.docker.action(id, ref, action as ActionVerb);
  }

  /** Removes a container (admin); `force=true` removes a running one. */
  @Delete(':ref')
  @Authenticated({ admin: true })
  @RemoteErrors()
  @ApiConflictResponse({ description: 'The container is running and force is not set.', type: ErrorResponseDto })
  remove(@Param('id', IdParamPipe) id: number, @Param('ref', ContainerRefPipe) ref: string, @Query() query: RemoveQueryDto): Promise<ContainerActionResultDto> {
    return this.docker.remove(id, ref, query.force ?? false);
  }
}
