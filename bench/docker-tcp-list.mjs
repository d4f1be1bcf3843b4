#!/usr/bin/env node
// The container list of a Docker API host with 200 containers: ArchNest's
// GET /api/docker/hosts/:id/containers (JWT check, user + host lookup, the engine
// call, mapping, JSON) against the bare Engine API call GET /containers/json?all=1
// on the same TCP endpoint, in the same run, both over keep-alive connections and
// both parsed by the client. Target: ArchNest ≤ 1.3× the bare call.
//   node bench/docker-tcp-list.mjs   (BENCH_CONTAINERS=200 BENCH_ROUNDS=300 BENCH_ENGINE=tcp://127.0.0.1:23750)
// Needs the test environment's engine relay (npm run test:server once) and builds the server if needed.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SERVER_BUILD, ensureBuilt } from '../scripts/build-freshness.mjs';
import { freePort } from './free-port.mjs';

const root = resolve(import.meta.dirname, '..');
const COUNT = Number(process.env.BENCH_CONTAINERS ?? 200);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 300);
const CONCURRENCY = 8;
const ENGINE = new URL((process.env.BENCH_ENGINE ?? 'tcp://127.0.0.1:23750').replace('tcp://', 'http://'));
const IMAGE = 'archnest-busybox:test';
const LABEL = `archnest.bench.run=docker-tcp-${process.pid}-${Date.now().toString(36)}`;
const PASSWORD = 'bench-admin-password';
const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });

/** One HTTP call over the keep-alive pool; resolves with status and parsed JSON (or text). */
function call(url, { method = 'GET', headers = {}, body } = {}) {
  return new Promise((done, fail) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = request(url, { method, agent, headers: { ...headers, ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}) } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json;
        try {
          json = text ? JSON.parse(text) : null;
        } catch {
          json = text;
        }
        done({ status: res.statusCode, json });
      });
      res.on('error', fail);
    });
    req.on('error', fail);
    req.end(payload);
  });
}

const engineUrl = (path) => new URL(path, ENGINE);

/** CPU seconds (user + system) a process has used so far, from /proc (100 ticks per second). */
function cpuOf(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

async function startServer(dataDir) {
  const port = await freePort();
  const child = spawn(process.execPath, [ensureBuilt(SERVER_BUILD)], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      PATH: process.env.PATH,
      ARCHNEST_PORT: String(port),
      ARCHNEST_HOST: '127.0.0.1',
      ARCHNEST_DATA_DIR: dataDir,
      ARCHNEST_ADMIN_PASSWORD: PASSWORD,
      ARCHNEST_CLIENT_DIR: join(dataDir, 'no-console'),
      ARCHNEST_LOG_LEVEL: 'warn',
    },
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      if ((await call(`${base}/api/health`)).status === 200) return { child, base };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  child.kill();
  throw new Error('server did not become healthy in 20 s');
}

async function createContainers() {
  const started = Date.now();
  const queue = Array.from({ length: COUNT }, (_, n) => n);
  const worker = async () => {
    for (let n = queue.shift(); n !== undefined; n = queue.shift()) {
      const name = `an-bench-dtcp-${process.pid}-${n}`;
      const [key, value] = LABEL.split('=');
      const created = await call(engineUrl(`/containers/create?name=${name}`), {
        method: 'POST',
        body: { Image: IMAGE, Cmd: ['sleep', '3600'], Labels: { [key]: value, 'com.example.role': `bench-${n % 5}` }, ExposedPorts: { '80/tcp': {} } },
      });
      if (created.status !== 201) throw new Error(`create ${name}: ${created.status} ${JSON.stringify(created.json)}`);
      // Half of them running, half only created: the list then holds both shapes.
      if (n % 2 === 0) await call(engineUrl(`/containers/${created.json.Id}/start`), { method: 'POST' });
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  console.log(`created ${COUNT} containers (half running) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

async function cleanup() {
  const filters = encodeURIComponent(JSON.stringify({ label: [LABEL] }));
  const list = await call(engineUrl(`/containers/json?all=1&filters=${filters}`));
  const queue = [...(Array.isArray(list.json) ? list.json : [])];
  const worker = async () => {
    for (let c = queue.shift(); c; c = queue.shift()) await call(engineUrl(`/containers/${c.Id}?force=1`), { method: 'DELETE' });
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
}

function stats(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { min: sorted[0], median: at(0.5), p95: at(0.95), mean: samples.reduce((a, b) => a + b, 0) / samples.length };
}

async function time(fn) {
  const started = process.hrtime.bigint();
  const res = await fn();
  if (res.status !== 200 || !Array.isArray(res.json)) throw new Error(`unexpected answer ${res.status}`);
  return { ms: Number(process.hrtime.bigint() - started) / 1e6, count: res.json.length };
}

async function throughput(fn, seconds = 3) {
  const until = Date.now() + seconds * 1000;
  let done = 0;
  const worker = async () => {
    while (Date.now() < until) {
      await time(fn);
      done++;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return done / seconds;
}

async function main() {
  const ping = await call(engineUrl('/_ping')).catch(() => null);
  if (ping?.status !== 200) throw new Error(`no Docker engine at ${ENGINE.href} (run npm run test:server once to start the test relay)`);
  const dataDir = mkdtempSync(join(tmpdir(), 'archnest-bench-'));
  let server;
  try {
    await createContainers();
    server = await startServer(dataDir);
    const login = await call(`${server.base}/api/auth/login`, { method: 'POST', body: { username: 'admin', password: PASSWORD } });
    const auth = { authorization: `Bearer ${login.json.accessToken}` };
    const host = await call(`${server.base}/api/docker/hosts`, { method: 'POST', headers: auth, body: { name: 'bench', url: `tcp://${ENGINE.host}` } });
    if (host.status !== 201) throw new Error(`registering the host failed: ${host.status} ${JSON.stringify(host.json)}`);
    const api = () => call(`${server.base}/api/docker/hosts/${host.json.id}/containers`, { headers: auth });
    const raw = () => call(engineUrl('/containers/json?all=1'));

    for (let i = 0; i < 30; i++) await Promise.all([time(api), time(raw)]);
    const cpuBefore = cpuOf(server.child.pid);
    for (let i = 0; i < 100; i++) await time(api);
    const serverCpuMs = ((cpuOf(server.child.pid) - cpuBefore) / 100) * 1000;
    const apiMs = [];
    const rawMs = [];
    let listed = 0;
    // Interleaved, so drift on the machine (other work, GC) hits both the same.
    for (let i = 0; i < ROUNDS; i++) {
      const a = await time(api);
      const r = await time(raw);
      apiMs.push(a.ms);
      rawMs.push(r.ms);
      listed = a.count;
    }
    const rawTput = await throughput(raw);
    const apiTput = await throughput(api);
    const A = stats(apiMs);
    const R = stats(rawMs);
    const f = (n) => n.toFixed(2).padStart(7);
    console.log(`\ncontainers listed per call: ${listed} (${COUNT} made by this run), ${ROUNDS} sequential calls each, then ${CONCURRENCY} concurrent for 3 s`);
    console.log('                          min   median      p95     mean  (ms)   calls/s');
    console.log(`raw Engine API       ${f(R.min)}  ${f(R.median)}  ${f(R.p95)}  ${f(R.mean)}        ${rawTput.toFixed(0).padStart(6)}`);
    console.log(`ArchNest API         ${f(A.min)}  ${f(A.median)}  ${f(A.p95)}  ${f(A.mean)}        ${apiTput.toFixed(0).padStart(6)}`);
    const ratio = A.median / R.median;
    console.log(`ArchNest server CPU per list call: ${serverCpuMs.toFixed(1)} ms (machine load average ${loadavg()[0].toFixed(1)} on ${availableParallelism()} CPUs)`);
    console.log(`\nratio (median ArchNest / raw): ${ratio.toFixed(2)}×   mean: ${(A.mean / R.mean).toFixed(2)}×   throughput: ${(rawTput / apiTput).toFixed(2)}×   target ≤ 1.30× ${ratio <= 1.3 ? 'MET' : 'MISSED'}`);
  } finally {
    server?.child.kill();
    await cleanup();
    agent.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(`bench failed: ${error.message}`);
  process.exitCode = 1;
});
