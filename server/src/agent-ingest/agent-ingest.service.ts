import { Injectable } from '@nestjs/common';
import { maskEnv } from '../containers/mask-env';
import type { AgentReport } from './dto/agent-report.dto';
import type { AgentReportReceiptDto } from './dto/agent-report-receipt.dto';
import { DockerAgentReportsRepository } from './docker-agent-reports.repository';

/** Stores a validated report as the host's latest: masked again, then one upsert. */
@Injectable()
export class AgentIngestService {
  constructor(private readonly reports: DockerAgentReportsRepository) {}

  async ingest(report: AgentReport, receivedAt = new Date()): Promise<AgentReportReceiptDto> {
    const masked = maskReport(report);
    const row = {
      hostId: report.hostId,
      hostname: report.hostname,
      agentVersion: report.agentVersion,
      containerCount: report.containers.length,
      reportedAt: new Date(report.reportedAt).toISOString(),
      receivedAt: receivedAt.toISOString(),
      report: JSON.stringify(masked),
    };
    await this.reports.upsert(row);
    return { hostId: row.hostId, containerCount: row.containerCount, receivedAt: row.receivedAt };
  }
}

/**
 * The agent masks secret-looking env values itself; the server masks again whatever the
 * agent sent (an old, modified or hostile agent), so an unmasked secret is never stored.
 */
export function maskReport(report: AgentReport): AgentReport {
  return {
    ...report,
    containers: report.containers.map((container) =>
      container.env ? { ...container, env: maskEnv(container.env.map(({ key, value }) => ({ key, value: value ?? null }))) } : container,
    ),
  };
}
