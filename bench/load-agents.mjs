#!/usr/bin/env node
// Many push agents at once against the real server on a real port: LOAD_AGENTS simulated agents
// (distinct host ids), each posting its reports one after another as fast as the server answers,
// for LOAD_SECONDS, with autocannon (one connection per agent in flight). Afterwards every host's
// stored report must be the last one it sent (sequence number in agentVersion and a label).
// In the same run, the same load against a bare reference (node:http + JSON.parse + one prepared
// sqlite3 upsert), for a ratio. Prints figures, then one JSON line.
//   node bench/load-agents.mjs                                  # 500 agents, 60 s
//   LOAD_AGENTS=500 LOAD_SECONDS=10 LOAD_REFERENCE=0 node bench/load-agents.mjs
//   LOAD_SERVER=dist (npm run build:server first) | ts-node (default: dist when built, else ts-node)
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from './free-port.mjs';

const ROOT = resolve(import.meta.dirname, '..');
const AGENTS = Number(process.env.LOAD_AGENTS ?? 500);
const SECONDS = Number(process.env.LOAD_SECONDS ?? 60);
const CONTAINERS = Number(process.env.LOAD_CONTAINERS ?? 10);
const REFERENCE = process.env.LOAD_REFERENCE !== '0';
const TOKEN = process.env.LOAD_TOKEN ?? 'load-agent-token-0123456789abcdef';
const SERVER = process.env.LOAD_SERVER ?? (existsSync(join(ROOT, 'dist/server/main.js')) ? 'dist' : 'ts-node');
const ADMIN = { username: 'admin', password: 'load-admin-password' };

function report(hostId, seq) {
  const containers = Array.from({ length: CONTAINERS }, (_, i) => ({
    id: (i.toString(16).padStart(4, '0') + 'c'.repeat(60)).slice(0, 64),
    name: `svc-${i}`,
    image: `registry.example.com/team/service-${i}:1.${i}.0`,
    imageId: `sha256:${'d'.repeat(64)}`,
    state: 'running',
    status: 'Up 3 hours (healthy)',
    createdAt: '2026-06-20T16:20:11.123456789Z',
    startedAt: '2026-06-20T16:20:12.5Z',
    finishedAt: null,
    exitCode: 0,
    restartCount: 0,
    restartPolicy: 'unless-stopped',
    health: 'healthy',
    ports: [{ hostIp: '0.0.0.0', hostPort: 8000 + i, containerPort: 80, proto: 'tcp' }],
    networks: [{ name: 'bridge', ip: `172.17.0.${i + 2}` }],
    mounts: [{ type: 'volume', source: `data_${i}`, destination: '/data', rw: true }],
    env: [{ key: 'NODE_ENV', value: 'production' }, { key: 'DB_PASSWORD', value: '********' }],
    command: '/usr/local/bin/service --config /etc/service.yaml',
    entrypoint: '/docker-entrypoint.sh',
    labels: { 'archnest.load/seq': String(seq), 'com.docker.compose.project': `project${i}` },
    stats: { cpuPercent: 1.5, memUsage: 20971520, memLimit: 536870912, netRxBytes: 1, netTxBytes: 2, blockReadBytes: 3, blockWriteBytes: 4 },
  }));
  return { hostId, hostname: `${hostId}.example.test`, agentVersion: String(seq), reportedAt: new Date().toISOString(), containers };
}

async function waitForHealth(base, child, log) {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}): ${log().slice(-800)}`);
    if (await fetch(`${base}/api/health`).then((r) => r.ok, () => false)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('server did not answer /api/health within 120 s');
}

/** The real server: the production build, or main.ts through ts-node (slower to start, same code). */
async function startArchNest(dataDir) {
  const port = await freePort();
  const args = SERVER === 'dist' ? [join(ROOT, 'dist/server/main.js')] : ['-r', 'ts-node/register/transpile-only', join(ROOT, 'server/src/main.ts')];
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      PATH: process.env.PATH, TS_NODE_PROJECT: join(ROOT, 'server/tsconfig.json'),
      ARCHNEST_PORT: String(port), ARCHNEST_HOST: '127.0.0.1', ARCHNEST_DATA_DIR: dataDir, ARCHNEST_CLIENT_DIR: join(dataDir, 'no-client'),
      ARCHNEST_ADMIN_PASSWORD: ADMIN.password, ARCHNEST_AGENT_TOKEN: TOKEN, ARCHNEST_LOG_LEVEL: 'log',
      // A stress test: each simulated agent posts far faster than the 2 reports a minute of a real one.
      ARCHNEST_AGENT_RATE_LIMIT: '100000',
    },
  });
  let output = '';
  child.stdout.on('data', (c) => (output += c));
  child.stderr.on('data', (c) => (output += c));
  const base = `http://127.0.0.1:${port}`;
  await waitForHealth(base, child, () => output);
  return { base, child, log: () => output };
}

/** The bare reference: what storing a report costs with nothing else around it. */
async function startReference(dataDir) {
  const port = await freePort();
  const source = `
    const http = require('node:http');
    const sqlite3 = require(${JSON.stringify(join(ROOT, 'node_modules/sqlite3'))});
    const db = new sqlite3.Database(${JSON.stringify(join(dataDir, 'reference.sqlite'))});
    db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; CREATE TABLE r (host_id TEXT PRIMARY KEY, agent_version TEXT, received_at TEXT, report TEXT)', (e) => {
      if (e) throw e;
      const upsert = db.prepare('INSERT INTO r VALUES (?, ?, ?, ?) ON CONFLICT (host_id) DO UPDATE SET agent_version = excluded.agent_version, received_at = excluded.received_at, report = excluded.report');
      http.createServer((req, res) => {
        if (req.method === 'GET') return res.end('ok');
        const parts = [];
        req.on('data', (c) => parts.push(c));
        req.on('end', () => {
          const text = Buffer.concat(parts).toString();
          const body = JSON.parse(text);
          upsert.run([body.hostId, body.agentVersion, new Date().toISOString(), text], (err) => {
            res.writeHead(err ? 500 : 200, { 'content-type': 'application/json' });
            res.end(JSON.stringify({ hostId: body.hostId }));
          });
        });
      }).listen(${port}, '127.0.0.1');
    });`;
  const file = join(dataDir, 'reference.cjs');
  writeFileSync(file, source);
  const child = spawn(process.execPath, [file], { stdio: ['ignore', 'ignore', 'inherit'] });
  const base = `http://127.0.0.1:${port}`;
  await waitForHealth(base, child, () => '');
  return { base, child };
}

/**
 * AGENTS agents over AGENTS connections. autocannon clears a connection's context between
 * requests, so agents are not tied to connections: each request takes an idle agent and its
 * answer gives it back. An agent is therefore never in flight twice, and posts its sequence in order.
 */
async function load(base, seconds) {
  const idle = Array.from({ length: AGENTS }, (_, i) => ({ hostId: `load-host-${String(i).padStart(4, '0')}`, sent: 0, acked: 0 }));
  const agents = [...idle];
  let wrong = 0;
  const result = await autocannon({
    url: base,
    connections: AGENTS,
    duration: seconds,
    timeout: 30,
    requests: [
      {
        method: 'POST',
        path: '/api/agents/docker/report',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
        setupRequest(request, context) {
          const agent = idle.pop();
          if (!agent) throw new Error('no idle agent: a request was lost without an answer');
          agent.sent++;
          context.agent = agent;
          return { ...request, body: JSON.stringify(report(agent.hostId, agent.sent)) };
        },
        onResponse(status, _body, context) {
          const agent = context.agent;
          if (status === 200) agent.acked = agent.sent;
          else wrong++;
          idle.push(agent);
        },
      },
    ],
  });
  return { result, agents, wrong };
}

/** Waits until the hosts list stops changing (requests in flight when the load stopped may still land). */
async function storedVersions(base) {
  const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) });
  const headers = { authorization: `Bearer ${(await login.json()).accessToken}` };
  let previous = '';
  for (let i = 0; i < 50; i++) {
    const hosts = await (await fetch(`${base}/api/agents/docker/hosts`, { headers })).json();
    const text = JSON.stringify(hosts.map((h) => [h.hostId, h.agentVersion]));
    if (text === previous) return { hosts, headers };
    previous = text;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('the hosts list kept changing after the load stopped');
}

async function verify(base, agents) {
  const { hosts, headers } = await storedVersions(base);
  const stored = new Map(hosts.map((h) => [h.hostId, Number(h.agentVersion)]));
  const mismatches = [];
  for (const agent of agents) {
    const version = stored.get(agent.hostId);
    // The last answered report, or the one still in flight when the load stopped (it may have landed).
    const ok = version === agent.acked || (version === agent.sent && agent.sent === agent.acked + 1);
    if (!ok) mismatches.push(`${agent.hostId}: stored ${version}, last acknowledged ${agent.acked}, last sent ${agent.sent}`);
  }
  // The report itself, not just the column: the label inside matches for a sample of hosts.
  for (const agent of agents.filter((_, i) => i % 25 === 0)) {
    const detail = await (await fetch(`${base}/api/agents/docker/hosts/${agent.hostId}/containers/svc-0`, { headers })).json();
    if (detail.labels?.['archnest.load/seq'] !== String(stored.get(agent.hostId))) mismatches.push(`${agent.hostId}: report label ${detail.labels?.['archnest.load/seq']} vs column ${stored.get(agent.hostId)}`);
  }
  return { hosts: hosts.length, mismatches };
}

function summary(run) {
  const { result } = run;
  return {
    requests: result.requests.total,
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx + run.wrong,
  };
}

const dataDir = mkdtempSync(join(tmpdir(), 'archnest-load-'));
const started = [];
try {
  const bytes = JSON.stringify(report('load-host-0000', 1)).length;
  console.log(`agent load: ${AGENTS} agents, ${CONTAINERS} containers per report (${(bytes / 1024).toFixed(1)} KiB), ${SECONDS} s, server: ${SERVER}`);
  let reference = null;
  if (REFERENCE) {
    const ref = await startReference(dataDir);
    started.push(ref.child);
    reference = summary(await load(ref.base, SECONDS));
    console.log(`  reference ${String(reference.rps).padStart(6)} req/s  p50 ${reference.p50} ms  p99 ${reference.p99} ms  errors ${reference.errors + reference.timeouts + reference.non2xx}`);
  }
  const server = await startArchNest(join(dataDir, 'archnest'));
  started.push(server.child);
  const run = await load(server.base, SECONDS);
  const archnest = summary(run);
  const checked = await verify(server.base, run.agents);
  console.log(`  archnest  ${String(archnest.rps).padStart(6)} req/s  p50 ${archnest.p50} ms  p99 ${archnest.p99} ms  errors ${archnest.errors + archnest.timeouts + archnest.non2xx}`);
  console.log(`  hosts stored ${checked.hosts}/${AGENTS}, last-report mismatches ${checked.mismatches.length}`);
  if (reference) console.log(`  ratio ${(archnest.rps / reference.rps).toFixed(2)}x of the bare reference's throughput`);
  if (process.env.LOAD_SERVER_LOG) writeFileSync(process.env.LOAD_SERVER_LOG, server.log());
  console.log(JSON.stringify({ agents: AGENTS, seconds: SECONDS, containers: CONTAINERS, bytes, server: SERVER, archnest, reference, ...checked }));
} finally {
  for (const child of started) child.kill('SIGTERM');
  rmSync(dataDir, { recursive: true, force: true });
}
