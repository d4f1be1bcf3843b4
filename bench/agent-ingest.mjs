#!/usr/bin/env node
// Agent ingest throughput: 50-container (~67 KB) reports posted with autocannon to the real
// server (dist/server: token guard, compiled schema, masking, one upsert into SQLite) and,
// in the same run, to a bare reference (plain Fastify + JSON.parse + a prepared sqlite3 upsert
// of the parsed report), plus, for context, `reference-raw` that stores the request text as
// is. Each server runs in its own process; rounds alternate so drift hits all alike.
//   npm run build:server && node bench/agent-ingest.mjs
//   BENCH_SECONDS=10 BENCH_ROUNDS=3 BENCH_CONNECTIONS=10 BENCH_HOSTS=20 BENCH_CONTAINERS=50 node bench/agent-ingest.mjs
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { BENCH_TOKEN, benchReport } from './agent-ingest-fixtures.mjs';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const HOSTS = Number(process.env.BENCH_HOSTS ?? 20);
// 0 measures the fixed cost per request (auth, framework, headers, upsert) without the report's size.
const CONTAINERS = Number(process.env.BENCH_CONTAINERS ?? 50);

function startServer(kind) {
  const child = spawn(process.execPath, [new URL('./agent-ingest-server.mjs', import.meta.url).pathname, kind], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.on('exit', (code) => reject(new Error(`${kind} server exited (${code})`)));
    createInterface({ input: child.stdout }).once('line', (line) => resolve({ child, port: JSON.parse(line).port }));
  });
}

function load(port, seconds) {
  const requests = Array.from({ length: HOSTS }, (_, i) => ({
    method: 'POST',
    path: '/api/agents/docker/report',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${BENCH_TOKEN}` },
    body: JSON.stringify(benchReport(`bench-host-${i}`, CONTAINERS)),
  }));
  return autocannon({ url: `http://127.0.0.1:${port}`, connections: CONNECTIONS, duration: seconds, requests });
}

const summary = (r) => ({ rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, bad: r.non2xx + r.errors + r.timeouts });

const KINDS = ['reference', 'reference-raw', 'real'];
const servers = {};
for (const kind of KINDS) servers[kind] = await startServer(kind);
try {
  const bodyBytes = JSON.stringify(benchReport('bench-host-0', CONTAINERS)).length;
  console.log(`agent ingest: ${HOSTS} hosts x ${CONTAINERS} containers (${(bodyBytes / 1024).toFixed(1)} KiB each), ${CONNECTIONS} connections, ${ROUNDS} x ${SECONDS}s per server`);
  for (const kind of KINDS) await load(servers[kind].port, 2); // warm-up (JIT, SQLite pages)
  const totals = Object.fromEntries(KINDS.map((kind) => [kind, []]));
  for (let round = 1; round <= ROUNDS; round++) {
    for (const kind of KINDS) {
      const s = summary(await load(servers[kind].port, SECONDS));
      if (s.bad) throw new Error(`${kind}: ${s.bad} failed requests`);
      totals[kind].push(s);
      console.log(`  round ${round} ${kind.padEnd(13)} ${s.rps.toFixed(0).padStart(6)} req/s  p50 ${s.p50} ms  p99 ${s.p99} ms`);
    }
  }
  const mean = (rows, key) => rows.reduce((sum, r) => sum + r[key], 0) / rows.length;
  for (const kind of KINDS) console.log(`${kind.padEnd(13)} ${mean(totals[kind], 'rps').toFixed(0).padStart(6)} req/s  p99 ${mean(totals[kind], 'p99').toFixed(1)} ms`);
  const real = mean(totals.real, 'rps');
  console.log(`ratio         ${(real / mean(totals.reference, 'rps')).toFixed(2)}x of the bare reference (target >= 0.80x)`);
  console.log(`              ${(real / mean(totals['reference-raw'], 'rps')).toFixed(2)}x of reference-raw (no serialisation at all)`);
} finally {
  for (const { child } of Object.values(servers)) {
    child.removeAllListeners('exit');
    child.kill();
  }
}
