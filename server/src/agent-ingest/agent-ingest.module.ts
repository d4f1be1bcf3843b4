import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AgentIngestController } from './agent-ingest.controller';
import { AgentIngestThrottle } from './agent-ingest-throttle';
import { AgentIngestService } from './agent-ingest.service';
import { AgentReportPipe } from './agent-report.pipe';
import { AgentTokenGuard } from './agent-token.guard';
import { DockerAgentReportsRepository } from './docker-agent-reports.repository';
import { DockerAgentReportEntity } from './entities/docker-agent-report.entity';

/**
 * POST /api/agents/docker/report (SPEC §3): push agents authenticate with the shared agent
 * token, reports are validated by a schema compiled from AgentReportDto, masked and upserted.
 * Exports the table's repository to the read side (AgentReadModule).
 */
@Module({
  imports: [TypeOrmModule.forFeature([DockerAgentReportEntity])],
  controllers: [AgentIngestController],
  providers: [AgentIngestService, AgentIngestThrottle, AgentTokenGuard, AgentReportPipe, DockerAgentReportsRepository],
  exports: [DockerAgentReportsRepository],
})
export class AgentIngestModule {}
