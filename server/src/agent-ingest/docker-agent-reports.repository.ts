import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Database, Statement } from 'sqlite3';
import type { DataSource } from 'typeorm';

/** One host's small columns: everything the hosts list needs, without the report. */
export interface AgentHostRow {
  hostId: string;
  hostname: string;
  agentVersion: string;
  containerCount: number;
  /** UTC ISO 8601. */
  reportedAt: string;
  receivedAt: string;
}

export interface AgentReportRow extends AgentHostRow {
  /** The stored (masked) report, JSON text. */
  report: string;
}

const SMALL_COLUMNS = 'host_id, hostname, agent_version, container_count, reported_at, received_at';

/**
 * The only SQL of docker_agent_reports, written once for SQLite and PostgreSQL (the
 * placeholders differ; `INSERT … ON CONFLICT … DO UPDATE` and `excluded` are the same in both).
 * Nothing from a report is ever part of the SQL text: every value is a bound parameter.
 */
@Injectable()
export class DockerAgentReportsRepository implements OnModuleDestroy {
  private readonly sql: { upsert: string; list: string; report: string; remove: string };
  /** SQLite only: the upsert compiled once and re-bound per report (the ingest hot path). */
  private upsertStatement?: Statement;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    const postgres = dataSource.options.type === 'postgres';
    const p = (n: number) => (postgres ? `$${n}` : '?');
    this.sql = {
      // One statement, so concurrent reports of one host (or several server instances) cannot race
      // between a SELECT and a save.
      upsert:
        `INSERT INTO docker_agent_reports (${SMALL_COLUMNS}, report) VALUES (${[1, 2, 3, 4, 5, 6, 7].map(p).join(', ')}) ` +
        'ON CONFLICT (host_id) DO UPDATE SET hostname = excluded.hostname, agent_version = excluded.agent_version, ' +
        'container_count = excluded.container_count, reported_at = excluded.reported_at, ' +
        'received_at = excluded.received_at, report = excluded.report',
      // Never the report column, nor length(report): both would read every report's overflow pages.
      list: `SELECT ${SMALL_COLUMNS} FROM docker_agent_reports ORDER BY host_id`,
      report: `SELECT ${SMALL_COLUMNS}, report FROM docker_agent_reports WHERE host_id = ${p(1)}`,
      remove: `DELETE FROM docker_agent_reports WHERE host_id = ${p(1)}`,
    };
  }

  async upsert(row: AgentReportRow): Promise<void> {
    const params = [row.hostId, row.hostname, row.agentVersion, row.containerCount, row.reportedAt, row.receivedAt, row.report];
    if (this.dataSource.options.type !== 'sqlite') {
      await this.dataSource.query(this.sql.upsert, params);
      return;
    }
    // Measured: going through TypeORM's query runner compiles a new sqlite3 Statement per call and
    // cost about a tenth of a 50-container ingest; the same SQL on the same connection, prepared once.
    const connection = (this.dataSource.driver as unknown as { databaseConnection: Database }).databaseConnection;
    this.upsertStatement ??= connection.prepare(this.sql.upsert);
    const statement = this.upsertStatement;
    await new Promise<void>((done, fail) => statement.run(params, (error: Error | null) => (error ? fail(error) : done())));
  }

  /** An unfinalized statement would keep SQLite from closing the database at shutdown. */
  async onModuleDestroy(): Promise<void> {
    const statement = this.upsertStatement;
    this.upsertStatement = undefined;
    if (statement) await new Promise<void>((done) => statement.finalize(() => done()));
  }

  async listHosts(): Promise<AgentHostRow[]> {
    const rows: RawRow[] = await this.dataSource.query(this.sql.list);
    return rows.map(toHostRow);
  }

  async findReport(hostId: string): Promise<AgentReportRow | null> {
    const rows: (RawRow & { report: string })[] = await this.dataSource.query(this.sql.report, [hostId]);
    return rows.length ? { ...toHostRow(rows[0]), report: rows[0].report } : null;
  }

  /** True when the host existed. */
  async remove(hostId: string): Promise<boolean> {
    const runner = this.dataSource.createQueryRunner();
    try {
      // The structured result carries the affected row count on both drivers.
      const result = await runner.query(this.sql.remove, [hostId], true);
      return (result.affected ?? 0) > 0;
    } finally {
      await runner.release();
    }
  }
}

interface RawRow {
  host_id: string;
  hostname: string;
  agent_version: string;
  container_count: number | string;
  reported_at: string | Date;
  received_at: string | Date;
}

function toHostRow(row: RawRow): AgentHostRow {
  return {
    hostId: row.host_id,
    hostname: row.hostname,
    agentVersion: row.agent_version,
    containerCount: Number(row.container_count),
    reportedAt: iso(row.reported_at),
    receivedAt: iso(row.received_at),
  };
}

/** PostgreSQL hands back Date objects; SQLite returns the ISO text we stored. */
function iso(value: string | Date): string {
  return value instanceof Date ? value.toISOString() : value;
}
