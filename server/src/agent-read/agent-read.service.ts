import { Injectable, NotFoundException } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DockerAgentReportsRepository, type AgentHostRow } from '../agent-ingest/docker-agent-reports.repository';
import type { AgentReport } from '../agent-ingest/dto/agent-report.dto';
import { setting } from '../config/app-config';
import type { ContainerSummaryDto } from '../containers/dto/container-summary.dto';
import type { ContainerDto } from '../containers/dto/container.dto';
import type { AgentHostDto } from './dto/agent-host.dto';
import { findContainer } from './find-container';
import { ParsedReportCache } from './parsed-report-cache';

/** Beyond this, the agent host's clock (not the network) is the likely cause. */
export const CLOCK_SKEW_WARNING_MS = 30_000;

/** About 500 hosts' worth of 50-container reports; a host over the bound is simply parsed each time. */
const CACHE_BYTES = 32 * 1024 * 1024;

const SUMMARY_FIELDS = ['id', 'name', 'image', 'imageId', 'state', 'status', 'health', 'createdAt', 'startedAt', 'ports', 'labels', 'stats'] as const;

/** The read side of push-agent monitoring: the latest stored report of each host. */
@Injectable()
export class AgentReadService {
  private readonly staleMs: number;
  private readonly cache = new ParsedReportCache(CACHE_BYTES);

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
    return (await this.containersOf(hostId)).map(summary);
  }

  async container(hostId: string, ref: string): Promise<ContainerDto> {
    return findContainer(await this.containersOf(hostId), ref, hostId);
  }

  async forget(hostId: string): Promise<void> {
    this.cache.delete(hostId);
    if (!(await this.reports.remove(hostId))) throw unknownHost(hostId);
  }

  /** The host's containers from its latest report: one query, which skips the report text when the cached copy is current. */
  private async containersOf(hostId: string): Promise<readonly ContainerDto[]> {
    const row = await this.reports.findReport(hostId, this.cache.receivedAt(hostId));
    if (!row) {
      this.cache.delete(hostId);
      throw unknownHost(hostId);
    }
    const cached = row.report === null ? this.cache.get(hostId, row.receivedAt) : undefined;
    if (cached) return cached;
    // A concurrent read may have evicted the entry between the two steps: read the text then.
    const text = row.report ?? (await this.reports.findReport(hostId))?.report;
    if (!text) throw unknownHost(hostId);
    const { containers } = JSON.parse(text) as AgentReport;
    this.cache.set(hostId, row.receivedAt, containers, text.length);
    return containers;
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
