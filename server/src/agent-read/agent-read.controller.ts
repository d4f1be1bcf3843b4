import { Controller, Delete, Get, HttpCode, Param } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Authenticated } from '../common/decorators/authenticated.decorator';
import { ErrorResponseDto } from '../common/dto/error-response.dto';
import { ContainerSummaryDto } from '../containers/dto/container-summary.dto';
import { ContainerDto } from '../containers/dto/container.dto';
import { AgentContainerRefPipe, HostIdPipe } from './agent-read.pipes';
import { AgentReadService } from './agent-read.service';
import { AgentHostDto } from './dto/agent-host.dto';

const hostIdParam = ApiParam({ name: 'hostId', description: 'The agent host id (1-128 of A-Z a-z 0-9 . _ -).', example: 'proxmox-vm-1' });
const badRequest = ApiBadRequestResponse({ type: ErrorResponseDto, description: 'A path parameter breaks its rule.' });
// @Authenticated goes on each route, not the class: both would list the user-jwt scheme twice on the admin route.
const notFound = ApiNotFoundResponse({ type: ErrorResponseDto, description: 'Unknown host (never reported, or forgotten).' });

@ApiTags('agents')
@Controller('agents/docker/hosts')
export class AgentReadController {
  constructor(private readonly agents: AgentReadService) {}

  @Get()
  @Authenticated()
  @ApiOperation({ summary: 'Every push-agent host with its last report time, container count and stale flag' })
  @ApiOkResponse({ type: [AgentHostDto] })
  hosts(): Promise<AgentHostDto[]> {
    return this.agents.listHosts();
  }

  @Get(':hostId/containers')
  @Authenticated()
  @ApiOperation({ summary: "The host's containers from its latest report (every state)" })
  @hostIdParam
  @ApiOkResponse({ type: [ContainerSummaryDto] })
  @badRequest
  @notFound
  containers(@Param('hostId', HostIdPipe) hostId: string): Promise<ContainerSummaryDto[]> {
    return this.agents.containers(hostId);
  }

  @Get(':hostId/containers/:containerId')
  @Authenticated()
  @ApiOperation({ summary: "One container's full detail, by full id, unique id prefix (4+ characters) or name" })
  @hostIdParam
  @ApiParam({ name: 'containerId', description: 'Full id, unique id prefix of at least 4 hex characters, or name.', example: 'myapp' })
  @ApiOkResponse({ type: ContainerDto })
  @badRequest
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'Unknown host, or no such container in its latest report.' })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'The id prefix (or name) matches several containers.' })
  container(@Param('hostId', HostIdPipe) hostId: string, @Param('containerId', AgentContainerRefPipe) containerId: string): Promise<ContainerDto> {
    return this.agents.container(hostId, containerId);
  }

  @Delete(':hostId')
  @HttpCode(204)
  @Authenticated({ admin: true })
  @ApiOperation({ summary: 'Forget a decommissioned agent host (its next report, if any, brings it back)' })
  @hostIdParam
  @ApiNoContentResponse({ description: 'Forgotten.' })
  @badRequest
  @notFound
  forget(@Param('hostId', HostIdPipe) hostId: string): Promise<void> {
    return this.agents.forget(hostId);
  }
}
