#!/usr/bin/env node
// Agent read latency: the hosts list with 10,000 agent hosts (each holding a 50-container,
// ~67 KB report, so the list has to stay clear of the big column) and one container's detail,
// measured with autocannon against the real server (dist/server) and, in the same run, a bare
// reference reading the same database file (bench/agent-read-reference.mjs).
//   npm run build:server && node bench/agent-read.mjs
//   BENCH_HOSTS=10000 BENCH_SECONDS=10 BENCH_CONNECTIONS=1 node bench/agent-read.mjs
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { BENCH_TOKEN, benchReport } from './agent-ingest-fixtures.mjs';

const HOSTS = Number(process.env.BENCH_HOSTS ?? 10_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 1);

function start(script, args) {
  const child = spawn(process.execPath, [new URL(script, import.meta.url).pathname, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.on('exit', (code) => reject(new Error(`${script} exited (${code})`)));
    createInterface({ input: child.stdout }).once('line', (line) => resolve({ child, ...JSON.parse(line) }));
  });
}

async function populate(base) {
  const started = Date.now();
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < HOSTS; i = next++) {
      const res = await fetch(`${base}/api/agents/docker/report`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${BENCH_TOKEN}` },
        body: JSON.stringify(benchReport(`bench-host-${String(i).padStart(5, '0')}`)),
      });
      if (res.status !== 200) throw new Error(`report ${i}: HTTP ${res.status} ${await res.text()}`);
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  console.log(`stored ${HOSTS} hosts x 50 containers in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

async function measure(name, port, path, headers) {
  await autocannon({ url: `http://127.0.0.1:${port}${path}`, headers, connections: CONNECTIONS, duration: 2 }); // warm-up
  const r = await autocannon({ url: `http://127.0.0.1:${port}${path}`, headers, connections: CONNECTIONS, duration: SECONDS });
  if (r.non2xx || r.errors) throw new Error(`${name}: ${r.non2xx} non-2xx, ${r.errors} errors`);
  console.log(`  ${name.padEnd(34)} p50 ${String(r.latency.p50).padStart(4)} ms  p99 ${String(r.latency.p99).padStart(4)} ms  ${r.requests.average.toFixed(0).padStart(5)} req/s`);
  return r.latency.p99;
}

const real = await start('./agent-ingest-server.mjs', ['real']);
let reference;
try {
  const base = `http://127.0.0.1:${real.port}`;
  await populate(base);
  const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'bench-admin-password' }) });
  const auth = { authorization: `Bearer ${(await login.json()).accessToken}` };
  const listBytes = (await (await fetch(`${base}/api/agents/docker/hosts`, { headers: auth })).text()).length;
  reference = await start('./agent-read-reference.mjs', [real.dataDir]);
  const host = `bench-host-${String(Math.floor(HOSTS / 2)).padStart(5, '0')}`;
  const detail = `/api/agents/docker/hosts/${host}/containers/${host}-svc-25`;
  console.log(`agent read: ${HOSTS} hosts, list answer ${(listBytes / 1024).toFixed(0)} KiB, ${CONNECTIONS} connection(s), ${SECONDS}s each`);
  const listReal = await measure('archnest  GET …/hosts', real.port, '/api/agents/docker/hosts', auth);
  const listRef = await measure('reference GET …/hosts', reference.port, '/api/agents/docker/hosts', {});
  const oneReal = await measure('archnest  GET …/containers/:name', real.port, detail, auth);
  const oneRef = await measure('reference GET …/containers/:name', reference.port, detail, {});
  console.log(`hosts list p99 ${listReal} ms (target <= 50 ms), ${(listRef / listReal).toFixed(2)}x the reference's speed`);
  console.log(`detail     p99 ${oneReal} ms (target <= 10 ms), ${(oneRef / oneReal).toFixed(2)}x the reference's speed`);
} finally {
  // The reference reads the real server's database file: it goes first.
  for (const server of [reference, real]) {
    if (!server) continue;
    server.child.removeAllListeners('exit');
    server.child.kill();
  }
}
