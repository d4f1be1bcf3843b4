import { Injectable, NotFoundException } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DockerAgentReportsRepository, type AgentHostRow } from '../agent-ingest/docker-agent-reports.repository';
import type { AgentReport } from '../agent-ingest/dto/agent-report.dto';
import { setting } from '../config/app-config';
import type { ContainerSummaryDto } from '../containers/dto/container-summary.dto';
import type { ContainerDto } from '../containers/dto/container.dto';
import type { AgentHostDto } from './dto/agent-host.dto';
import { findContainer } from './find-container';

/** Beyond this, the agent host's clock (not the network) is the likely cause. */
export const CLOCK_SKEW_WARNING_MS = 30_000;

const SUMMARY_FIELDS = ['id', 'name', 'image', 'imageId', 'state', 'status', 'health', 'createdAt', 'startedAt', 'ports', 'labels', 'stats'] as const;

/** The read side of push-agent monitoring: the latest stored report of each host. */
@Injectable()
export class AgentReadService {
  private readonly staleMs: number;

  constructor(
    private readonly reports: DockerAgentReportsRepository,
    config: ConfigService,
  ) {
    this.staleMs = setting(config, 'ARCHNEST_AGENT_STALE_MS');
  }

  async listHosts(now = Date.now()): Promise<AgentHostDto[]> {
    return (await this.reports.listHosts()).map((row) => this.toHost(row, now));
  }

  async containers(hostId: string): Promise<ContainerSummaryDto[]> {
    const report = await this.report(hostId);
    return report.containers.map(summary);
  }

  async container(hostId: string, ref: string): Promise<ContainerDto> {
    const report = await this.report(hostId);
    return findContainer(report.containers, ref, hostId);
  }

  async forget(hostId: string): Promise<void> {
    if (!(await this.reports.remove(hostId))) throw unknownHost(hostId);
  }

  private async report(hostId: string): Promise<AgentReport> {
    const row = await this.reports.findReport(hostId);
    if (!row) throw unknownHost(hostId);
    return JSON.parse(row.report) as AgentReport;
  }

  private toHost(row: AgentHostRow, now: number): AgentHostDto {
    const received = Date.parse(row.receivedAt);
    const skew = Date.parse(row.reportedAt) - received;
    // Built field by field (not spread): this runs for every host of the list.
    return {
      hostId: row.hostId,
      hostname: row.hostname,
      agentVersion: row.agentVersion,
      reportedAt: row.reportedAt,
      receivedAt: row.receivedAt,
      containerCount: row.containerCount,
      // The server's own receive time decides: an agent with a wrong clock cannot look fresh.
      stale: now - received > this.staleMs,
      clockSkewMs: skew,
      clockSkewWarning: Math.abs(skew) > CLOCK_SKEW_WARNING_MS,
    };
  }
}

function summary(container: ContainerDto): ContainerSummaryDto {
  const row: Record<string, unknown> = {};
  for (const field of SUMMARY_FIELDS) if (container[field] !== undefined) row[field] = container[field];
  return row as unknown as ContainerSummaryDto;
}

function unknownHost(hostId: string): NotFoundException {
  return new NotFoundException(`No agent host '${hostId}': it has never reported, or it was forgotten`);
}
