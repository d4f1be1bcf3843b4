import { Module } from '@nestjs/common';
import { AgentIngestModule } from '../agent-ingest/agent-ingest.module';
import { AgentReadController } from './agent-read.controller';
import { AgentReadService } from './agent-read.service';

/** Logged-in users read the push-agent hosts and their containers; admins forget a host (SPEC §3). */
@Module({
  imports: [AgentIngestModule],
  controllers: [AgentReadController],
  providers: [AgentReadService],
})
export class AgentReadModule {}
