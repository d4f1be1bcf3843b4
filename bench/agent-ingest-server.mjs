// One server for bench/agent-ingest.mjs, in its own process so autocannon does not share its
// event loop: `real` is the built ArchNest server (dist/server); `reference` a bare Fastify +
// JSON.parse + prepared sqlite3 upsert of the parsed report (JSON.stringify) into the same
// table; `reference-raw` the same but storing the request text untouched (no serialisation at
// all: the cheapest write there is). Prints {"port":N,"dataDir":…} once listening.
import { mkdtempSync, existsSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { BENCH_TOKEN } from './agent-ingest-fixtures.mjs';

const require = createRequire(import.meta.url);
const kind = process.argv[2];
const dataDir = mkdtempSync(join(tmpdir(), `archnest-bench-${kind}-`));

async function real() {
  const dist = resolve(process.env.ARCHNEST_DIST ?? resolve(import.meta.dirname, '..', 'dist', 'server'), 'configure-app.js');
  if (!existsSync(dist)) throw new Error('dist/server is missing: run `npm run build:server` first');
  const { createApp } = require(dist);
  const app = await createApp({
    ARCHNEST_DATA_DIR: dataDir, ARCHNEST_AGENT_TOKEN: BENCH_TOKEN, ARCHNEST_ADMIN_PASSWORD: 'bench-admin-password',
    ARCHNEST_LOG_LEVEL: 'error', ARCHNEST_CLIENT_DIR: join(dataDir, 'no-client'),
    // The per-host limit (60/min by default) is for real agents; the load test posts each host hundreds of times a second.
    ARCHNEST_AGENT_RATE_LIMIT: '100000',
  });
  await app.listen(0, '127.0.0.1');
  return app.getHttpServer().address().port;
}

async function reference(raw) {
  const Fastify = require('fastify');
  const sqlite3 = require('sqlite3');
  const db = new sqlite3.Database(join(dataDir, 'reference.sqlite'));
  const exec = (sql) => new Promise((ok, fail) => db.exec(sql, (e) => (e ? fail(e) : ok())));
  await exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;');
  await exec(`CREATE TABLE docker_agent_reports (host_id varchar(128) PRIMARY KEY, hostname varchar(255), agent_version varchar(32),
    container_count integer, reported_at datetime, received_at datetime, report text)`);
  const upsert = db.prepare(`INSERT INTO docker_agent_reports VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (host_id) DO UPDATE SET
    hostname = excluded.hostname, agent_version = excluded.agent_version, container_count = excluded.container_count,
    reported_at = excluded.reported_at, received_at = excluded.received_at, report = excluded.report`);
  const app = Fastify({ bodyLimit: 2 * 1024 * 1024 });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, text, done) => {
    try {
      done(null, { text, report: JSON.parse(text) });
    } catch (error) {
      error.statusCode = 400;
      done(error);
    }
  });
  app.post('/api/agents/docker/report', (req, reply) => {
    const { text, report } = req.body;
    const receivedAt = new Date().toISOString();
    const stored = raw ? text : JSON.stringify(report);
    upsert.run([report.hostId, report.hostname, report.agentVersion, report.containers.length, report.reportedAt, receivedAt, stored], (error) => {
      if (error) reply.code(500).send({ message: error.message });
      else reply.send({ hostId: report.hostId, containerCount: report.containers.length, receivedAt });
    });
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  return app.server.address().port;
}

const servers = { real, reference: () => reference(false), 'reference-raw': () => reference(true) };
if (!servers[kind]) throw new Error('usage: agent-ingest-server.mjs real|reference|reference-raw');
const port = await servers[kind]();
const stopProfile = process.env.BENCH_CPU_PROFILE ? await startProfile(`${process.env.BENCH_CPU_PROFILE}.${kind}.cpuprofile`) : async () => {};
// The driver ends us with SIGTERM: leave no database behind (the read bench's is ~700 MB).
process.once('SIGTERM', async () => {
  await stopProfile();
  rmSync(dataDir, { recursive: true, force: true });
  process.exit(0);
});
process.stdout.write(JSON.stringify({ port, dataDir }) + '\n');

/** BENCH_CPU_PROFILE=/tmp/x: a CPU profile of the serving phase only (start-up excluded). */
async function startProfile(file) {
  const { Session } = await import('node:inspector/promises');
  const { writeFileSync } = await import('node:fs');
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return async () => {
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(file, JSON.stringify(profile));
  };
}
