import { Controller, HttpCode, Post, Res, UseGuards } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import {
  ApiBadRequestResponse, ApiBearerAuth, ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiPayloadTooLargeResponse,
  ApiServiceUnavailableResponse, ApiTags, ApiTooManyRequestsResponse, ApiUnauthorizedResponse, ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AGENT_TOKEN_SCHEME } from '../common/decorators/authenticated.decorator';
import { Public } from '../common/decorators/public.decorator';
import { ErrorResponseDto } from '../common/dto/error-response.dto';
import { AgentIngestThrottle } from './agent-ingest-throttle';
import { AgentIngestService } from './agent-ingest.service';
import { AgentReportBody, AgentReportPipe } from './agent-report.pipe';
import { AgentTokenGuard } from './agent-token.guard';
import { AgentReportDto, type AgentReport } from './dto/agent-report.dto';
import { AGENT_REPORT_EXAMPLE } from './dto/agent-report.example';
import { AgentReportReceiptDto } from './dto/agent-report-receipt.dto';

@ApiTags('agents')
@Controller('agents/docker')
export class AgentIngestController {
  constructor(
    private readonly ingest: AgentIngestService,
    private readonly throttle: AgentIngestThrottle,
  ) {}

  /** The push agent's report: stored as the host's latest (read-only monitoring, nothing is executed). */
  @Public()
  @UseGuards(AgentTokenGuard)
  @Post('report')
  @HttpCode(200)
  @RouteConfig({ bodyLimitSetting: 'ARCHNEST_AGENT_MAX_BODY_BYTES' })
  @ApiOperation({
    summary: 'Push agent report (agent token, not a user login)',
    description:
      'Upserts the latest report of `hostId`. Env values whose key matches /(PASS|SECRET|TOKEN|KEY|PRIVATE|CREDENTIAL)/i are ' +
      'masked again before storing. Unknown fields are refused (400). The body limit is ARCHNEST_AGENT_MAX_BODY_BYTES (default 2 MiB).',
  })
  @ApiBearerAuth(AGENT_TOKEN_SCHEME)
  @ApiConsumes('application/json')
  @ApiBody({
    type: AgentReportDto,
    examples: {
      report: { summary: 'One running container', value: AGENT_REPORT_EXAMPLE },
      empty: { summary: 'A host without containers', value: { ...AGENT_REPORT_EXAMPLE, containers: [] } },
    },
  })
  @ApiOkResponse({ type: AgentReportReceiptDto, description: 'Stored.' })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'Invalid JSON or report; `fields` names each failing path, e.g. containers.3.state.' })
  @ApiUnauthorizedResponse({ type: ErrorResponseDto, description: 'Missing or wrong agent token (one answer for both).' })
  @ApiPayloadTooLargeResponse({ type: ErrorResponseDto, description: 'Body larger than ARCHNEST_AGENT_MAX_BODY_BYTES.' })
  @ApiUnsupportedMediaTypeResponse({ type: ErrorResponseDto, description: 'Content-Type is not application/json.' })
  @ApiServiceUnavailableResponse({ type: ErrorResponseDto, description: 'Ingest is disabled: ARCHNEST_AGENT_TOKEN is not set.' })
  @ApiTooManyRequestsResponse({ type: ErrorResponseDto, description: 'More than ARCHNEST_AGENT_RATE_LIMIT reports of this hostId in a minute; Retry-After says when to retry.' })
  async report(
    @AgentReportBody(AgentReportPipe) report: AgentReport,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AgentReportReceiptDto> {
    // Counted on the validated hostId: see AgentIngestThrottle for why not earlier.
    await this.throttle.take(report.hostId, (seconds) => void reply.header('retry-after', String(seconds)));
    return this.ingest.ingest(report);
  }
}
