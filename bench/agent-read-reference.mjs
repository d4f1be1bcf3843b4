// The bare reference of bench/agent-read.mjs: plain Fastify and sqlite3 reading the real
// server's database file (WAL lets a second process read), with the same two queries and
// the same lookup, and nothing else (no auth, no framework). Prints {"port":N} once listening.
import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const Fastify = require('fastify');
const sqlite3 = require('sqlite3');
const db = new sqlite3.Database(join(process.argv[2], 'archnest.sqlite'), sqlite3.OPEN_READONLY);
const list = db.prepare('SELECT host_id, hostname, agent_version, container_count, reported_at, received_at FROM docker_agent_reports ORDER BY host_id');
const one = db.prepare('SELECT report FROM docker_agent_reports WHERE host_id = ?');
const all = (statement, params) => new Promise((ok, fail) => statement.all(params, (e, rows) => (e ? fail(e) : ok(rows))));

const app = Fastify();
app.get('/api/agents/docker/hosts', async () => {
  const now = Date.now();
  return (await all(list, [])).map((r) => ({
    hostId: r.host_id, hostname: r.hostname, agentVersion: r.agent_version, containerCount: r.container_count,
    reportedAt: r.reported_at, receivedAt: r.received_at, stale: now - Date.parse(r.received_at) > 90_000,
  }));
});
app.get('/api/agents/docker/hosts/:hostId/containers/:ref', async (req, reply) => {
  const [row] = await all(one, [req.params.hostId]);
  const found = row && JSON.parse(row.report).containers.find((c) => c.id === req.params.ref || c.name === req.params.ref);
  return found ?? reply.code(404).send({ message: 'not found' });
});
await app.listen({ port: 0, host: '127.0.0.1' });
process.stdout.write(JSON.stringify({ port: app.server.address().port }) + '\n');
