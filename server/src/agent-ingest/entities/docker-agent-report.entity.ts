import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * The latest report of each agent host (SPEC §3), one row per hostId. The small columns let
 * the hosts list answer without touching `report`; `report` is declared last because SQLite
 * keeps a row's columns in order and a 60+ KB text value spills onto overflow pages: a list
 * reading columns stored after it was measured 17x slower. Writes and hot reads use the SQL in
 * docker-agent-reports.repository.ts; this entity describes the table to TypeORM.
 */
@Entity({ name: 'docker_agent_reports' })
// Covers the hosts list, so it is read from this index alone (see the migration).
@Index('docker_agent_reports_hosts_list', ['hostId', 'hostname', 'agentVersion', 'containerCount', 'reportedAt', 'receivedAt'])
export class DockerAgentReportEntity {
  @PrimaryColumn({ name: 'host_id', type: 'varchar', length: 128 })
  hostId: string;

  @Column({ type: 'varchar', length: 255 })
  hostname: string;

  @Column({ name: 'agent_version', type: 'varchar', length: 32 })
  agentVersion: string;

  @Column({ name: 'container_count', type: 'integer' })
  containerCount: number;

  /** The agent's clock. */
  @Column({ name: 'reported_at', type: Date })
  reportedAt: Date;

  /** The server's clock: the source of truth for staleness. */
  @Column({ name: 'received_at', type: Date })
  receivedAt: Date;

  /** The whole masked report as JSON text. Keep it the last column. */
  @Column({ type: 'text' })
  report: string;
}
