import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource, type Logger } from 'typeorm';
import { loadTestEnv } from '../../../testing/test-env';
import { dataSourceOptions } from '../database/data-source-options';
import { AgentIngestService } from './agent-ingest.service';
import { DockerAgentReportsRepository } from './docker-agent-reports.repository';
import { AGENT_REPORT_EXAMPLE } from './dto/agent-report.example';
import type { AgentReport } from './dto/agent-report.dto';

/** Records every statement the repository sends, so "one statement" is checked, not assumed. */
class RecordingLogger implements Logger {
  readonly queries: string[] = [];
  logQuery(query: string) {
    if (query.includes('docker_agent_reports')) this.queries.push(query);
  }
  logQueryError() {}
  logQuerySlow() {}
  logSchemaBuild() {}
  logMigration() {}
  log() {}
}

const row = (hostId: string, containerCount: number, receivedAt: string, report = '{"containers":[]}') => ({
  hostId, hostname: `${hostId}.lan`, agentVersion: '1', containerCount, reportedAt: '2026-06-20T19:30:00.000Z', receivedAt, report,
});

describe.each(['sqlite', 'postgres'] as const)('DockerAgentReportsRepository on %s (real database)', (kind) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'archnest-agent-repo-'));
  const database = `archnest_agent_repo_${process.pid}_${Date.now()}`;
  const postgresUrl = loadTestEnv().postgresUrl;
  const logger = new RecordingLogger();
  let dataSource: DataSource;
  let repository: DockerAgentReportsRepository;

  const pgAdmin = async (sql: string) => {
    const client = new Client({ connectionString: `${postgresUrl}/postgres` });
    await client.connect();
    await client.query(sql).finally(() => client.end());
  };

  beforeAll(async () => {
    if (kind === 'postgres') await pgAdmin(`CREATE DATABASE ${database}`);
    const options = dataSourceOptions({ dataDir, databaseUrl: kind === 'postgres' ? `${postgresUrl}/${database}` : undefined });
    dataSource = await new DataSource({ ...options, logger }).initialize();
    await dataSource.runMigrations();
    if (kind === 'sqlite') {
      // The SQLite upsert is a prepared statement on the connection, below TypeORM's logger: SQLite's own trace sees it.
      const connection = (dataSource.driver as unknown as { databaseConnection: { on(e: 'trace', f: (sql: string) => void): void } }).databaseConnection;
      connection.on('trace', (sql) => logger.logQuery(sql));
    }
    repository = new DockerAgentReportsRepository(dataSource);
  });

  afterAll(async () => {
    await repository?.onModuleDestroy();
    await dataSource?.destroy();
    if (kind === 'postgres') await pgAdmin(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    rmSync(dataDir, { recursive: true, force: true });
  });

  beforeEach(async () => {
    await dataSource.query('DELETE FROM docker_agent_reports');
    logger.queries.length = 0;
  });

  it('declares the report column last', async () => {
    const columns: { name: string }[] =
      kind === 'sqlite'
        ? await dataSource.query('PRAGMA table_info(docker_agent_reports)')
        : await dataSource.query(
            "SELECT column_name AS name FROM information_schema.columns WHERE table_name = 'docker_agent_reports' ORDER BY ordinal_position",
          );
    expect(columns.map((c) => c.name)).toEqual(['host_id', 'hostname', 'agent_version', 'container_count', 'reported_at', 'received_at', 'report']);
  });

  it('answers the hosts list from the covering index, never from the table rows', async () => {
    if (kind === 'sqlite') {
      await repository.listHosts();
      const listQuery = logger.queries.find((q) => q.startsWith('SELECT json_group_array'))!;
      const plan: { detail: string }[] = await dataSource.query(`EXPLAIN QUERY PLAN ${listQuery}`);
      expect(plan.map((p) => p.detail)).toContain('SCAN docker_agent_reports USING COVERING INDEX docker_agent_reports_hosts_list');
      expect(plan.map((p) => p.detail).join('\n')).not.toMatch(/TEMP B-TREE/);
    } else {
      const indexes: { indexdef: string }[] = await dataSource.query("SELECT indexdef FROM pg_indexes WHERE indexname = 'docker_agent_reports_hosts_list'");
      expect(indexes[0].indexdef).toMatch(/\(host_id, hostname, agent_version, container_count, reported_at, received_at\)/);
    }
  });

  it('inserts, then replaces, with one INSERT … ON CONFLICT statement each time', async () => {
    await repository.upsert(row('h1', 3, '2026-06-20T19:30:01.000Z', '{"n":1}'));
    await repository.upsert({ ...row('h1', 5, '2026-06-20T19:31:01.000Z', '{"n":2}'), hostname: 'renamed', agentVersion: '2' });
    expect(logger.queries).toHaveLength(2);
    for (const query of logger.queries) expect(query).toMatch(/^INSERT INTO docker_agent_reports .* ON CONFLICT \(host_id\) DO UPDATE SET /);
    expect(await repository.listHosts()).toEqual([
      { hostId: 'h1', hostname: 'renamed', agentVersion: '2', containerCount: 5, reportedAt: '2026-06-20T19:30:00.000Z', receivedAt: '2026-06-20T19:31:01.000Z' },
    ]);
    expect((await repository.findReport('h1'))?.report).toBe('{"n":2}');
  });

  it('survives concurrent reports of one host (no select-then-save race)', async () => {
    const writes = Array.from({ length: 25 }, (_, i) => repository.upsert(row('busy', i, `2026-06-20T19:30:${String(i).padStart(2, '0')}.000Z`)));
    await Promise.all(writes);
    const hosts = await repository.listHosts();
    expect(hosts).toHaveLength(1);
    expect(hosts[0].containerCount).toBeGreaterThanOrEqual(0);
  });

  it('lists hosts sorted by id from the small columns only', async () => {
    expect(await repository.listHosts()).toEqual([]);
    for (const id of ['b-host', 'a-host', 'c-host', 'A-host', '0-host', 'a.host', 'a_host']) await repository.upsert(row(id, 1, '2026-06-20T19:30:01.000Z'));
    logger.queries.length = 0;
    expect((await repository.listHosts()).map((h) => h.hostId)).toEqual(['0-host', 'A-host', 'a-host', 'a.host', 'a_host', 'b-host', 'c-host']);
    const [listQuery] = logger.queries;
    expect(listQuery).not.toMatch(/report\b(?!s)/); // neither the report column nor length(report)
  });

  it('leaves the report text out when the caller already has that receivedAt', async () => {
    await repository.upsert(row('cached', 1, '2026-06-20T19:30:01.000Z', '{"v":1}'));
    expect((await repository.findReport('cached', '2026-06-20T19:30:01.000Z'))?.report).toBeNull();
    expect((await repository.findReport('cached', '2026-06-20T19:29:00.000Z'))?.report).toBe('{"v":1}');
    await repository.upsert(row('cached', 1, '2026-06-20T19:31:01.000Z', '{"v":2}'));
    expect((await repository.findReport('cached', '2026-06-20T19:30:01.000Z'))?.report).toBe('{"v":2}');
  });

  it('finds and forgets a host; unknown hosts are null/false', async () => {
    await repository.upsert(row('gone', 1, '2026-06-20T19:30:01.000Z'));
    expect(await repository.findReport('nope')).toBeNull();
    expect(await repository.remove('gone')).toBe(true);
    expect(await repository.remove('gone')).toBe(false);
    expect(await repository.findReport('gone')).toBeNull();
  });

  it('stores hostile text as data: quotes and SQL in values change nothing', async () => {
    const hostile = "x'); DROP TABLE docker_agent_reports; --";
    await repository.upsert({ ...row('sql-1', 1, '2026-06-20T19:30:01.000Z', JSON.stringify({ hostile })), hostname: hostile });
    expect((await repository.listHosts())[0].hostname).toBe(hostile);
  });

  it('ingest masks secret-looking env values again before storing, and normalises times', async () => {
    const secret = 'hunter2-plain-secret';
    const report: AgentReport = structuredClone(AGENT_REPORT_EXAMPLE);
    report.reportedAt = '2026-06-20T21:30:00+02:00';
    report.containers[0].env = [
      { key: 'DB_PASSWORD', value: secret },
      { key: 'github_token', value: secret },
      { key: 'AWS_SECRET_ACCESS_KEY', value: secret },
      { key: 'SSH_PRIVATE_KEY', value: secret },
      { key: 'REGISTRY_CREDENTIALS', value: secret },
      { key: 'PASSPHRASE' },
      { key: 'NODE_ENV', value: 'production' },
    ];
    const service = new AgentIngestService(repository);
    const receipt = await service.ingest(report, new Date('2026-06-20T19:30:02.000Z'));
    expect(receipt).toEqual({ hostId: report.hostId, containerCount: 1, receivedAt: '2026-06-20T19:30:02.000Z' });
    const stored = await repository.findReport(report.hostId);
    expect(stored?.report).not.toContain(secret);
    expect(stored?.reportedAt).toBe('2026-06-20T19:30:00.000Z');
    expect(JSON.parse(stored!.report!).containers[0].env).toEqual([
      { key: 'DB_PASSWORD', value: '********' },
      { key: 'github_token', value: '********' },
      { key: 'AWS_SECRET_ACCESS_KEY', value: '********' },
      { key: 'SSH_PRIVATE_KEY', value: '********' },
      { key: 'REGISTRY_CREDENTIALS', value: '********' },
      { key: 'PASSPHRASE', value: '********' },
      { key: 'NODE_ENV', value: 'production' },
    ]);
    // The caller's object is left as it was: masking works on a copy.
    expect(report.containers[0].env?.[0].value).toBe(secret);
  });
});
