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
  /** The stored (masked) report, JSON text; null when the caller said it already has this receivedAt's. */
  report: string | null;
}

const SMALL_COLUMNS = 'host_id, hostname, agent_version, container_count, reported_at, received_at';
/** The same columns named as AgentHostRow's fields, so SQLite rows need no second mapping pass (10,000 hosts). */
const SMALL_FIELDS =
  'host_id AS "hostId", hostname, agent_version AS "agentVersion", container_count AS "containerCount", ' +
  'reported_at AS "reportedAt", received_at AS "receivedAt"';

/**
 * The only SQL of docker_agent_reports, written once for SQLite and PostgreSQL (the
 * placeholders differ; `INSERT … ON CONFLICT … DO UPDATE` and `excluded` are the same in both).
 * Nothing from a report is ever part of the SQL text: every value is a bound parameter.
 */
@Injectable()
export class DockerAgentReportsRepository implements OnModuleDestroy {
  private readonly sql: { upsert: string; list: string; report: string; remove: string };
  private readonly sqlite: boolean;
  /** SQLite only: the upsert compiled once and re-bound per report (the ingest hot path). */
  private upsertStatement?: Statement;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    const postgres = dataSource.options.type === 'postgres';
    this.sqlite = dataSource.options.type === 'sqlite';
    // Numbered in both dialects, so a parameter can appear anywhere in the text.
    const p = (n: number) => (postgres ? `$${n}` : `?${n}`);
    this.sql = {
      // One statement, so concurrent reports of one host (or several server instances) cannot race
      // between a SELECT and a save.
      upsert:
        `INSERT INTO docker_agent_reports (${SMALL_COLUMNS}, report) VALUES (${[1, 2, 3, 4, 5, 6, 7].map(p).join(', ')}) ` +
        'ON CONFLICT (host_id) DO UPDATE SET hostname = excluded.hostname, agent_version = excluded.agent_version, ' +
        'container_count = excluded.container_count, reported_at = excluded.reported_at, ' +
        'received_at = excluded.received_at, report = excluded.report',
      // Never the report column, nor length(report): both would read every report's overflow pages.
      // Answered from the covering index docker_agent_reports_hosts_list. On SQLite the rows come
      // back as one JSON array: node-sqlite3 builds each value of each row through N-API, which
      // was measured at 60+ ms for 10,000 hosts, against ~10 ms for this one string.
      list: this.sqlite
        ? 'SELECT json_group_array(json_array(host_id, hostname, agent_version, container_count, reported_at, received_at)) AS hosts ' +
          `FROM (SELECT ${SMALL_COLUMNS} FROM docker_agent_reports ORDER BY host_id)`
        : `SELECT ${SMALL_FIELDS} FROM docker_agent_reports ORDER BY host_id`,
      report: `SELECT ${SMALL_FIELDS}, CASE WHEN received_at = ${p(2)} THEN NULL ELSE report END AS report FROM docker_agent_reports WHERE host_id = ${p(1)}`,
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

  /** Every host, sorted by hostId. */
  async listHosts(): Promise<AgentHostRow[]> {
    if (!this.sqlite) return normalise(await this.dataSource.query(this.sql.list));
    const [{ hosts }]: { hosts: string }[] = await this.dataSource.query(this.sql.list);
    const rows = (JSON.parse(hosts) as [string, string, string, number, string, string][]).map(
      ([hostId, hostname, agentVersion, containerCount, reportedAt, receivedAt]) => ({ hostId, hostname, agentVersion, containerCount, reportedAt, receivedAt }),
    );
    // SQLite aggregates in the subquery's order in practice but does not promise it; host ids are
    // ASCII (HOST_ID_PATTERN), so JavaScript's order is SQLite's BINARY order.
    if (rows.some((row, i) => i > 0 && rows[i - 1].hostId > row.hostId)) rows.sort((a, b) => (a.hostId < b.hostId ? -1 : 1));
    return rows;
  }

  /** The host's row with its report; without the report text when it was received at `knownReceivedAt` (the caller's copy is current). */
  async findReport(hostId: string, knownReceivedAt?: string): Promise<AgentReportRow | null> {
    const rows = normalise<AgentReportRow>(await this.dataSource.query(this.sql.report, [hostId, knownReceivedAt ?? null]));
    return rows[0] ?? null;
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

/**
 * SQLite returns the ISO text we stored; PostgreSQL returns Date objects (and may return
 * counts as strings), converted in place.
 */
function normalise<T extends AgentHostRow>(rows: (Omit<T, 'reportedAt' | 'receivedAt' | 'containerCount'> & { reportedAt: string | Date; receivedAt: string | Date; containerCount: number | string })[]): T[] {
  for (const row of rows) {
    if (row.reportedAt instanceof Date) row.reportedAt = row.reportedAt.toISOString();
    if (row.receivedAt instanceof Date) row.receivedAt = row.receivedAt.toISOString();
    if (typeof row.containerCount === 'string') row.containerCount = Number(row.containerCount);
  }
  return rows as unknown as T[];
}
