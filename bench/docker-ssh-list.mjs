#!/usr/bin/env node
// The container list of a Docker-over-SSH host: ArchNest's GET /api/docker-ssh/hosts/:id/containers
// (JWT, host lookup, a session on the pooled SSH connection, `docker ps -a` on the host, parsing,
// JSON) against OpenSSH running the same command, in the same run, rounds interleaved so load
// drifts hit every contender alike:
//   - `ssh host docker ps …`        OpenSSH as people use it: a full handshake per call (the reference)
//   - `ssh -o ControlMaster …`      OpenSSH multiplexed over one warm connection (the like-for-like reference)
//   - `docker ps …` locally         the floor: what the docker CLI itself costs, no SSH at all
// and the cold cost: ArchNest with a fresh SSH handshake per request (idle close shorter than the gap).
// Target: ArchNest warm ≤ 1.2× `ssh host docker ps`.
//   node bench/docker-ssh-list.mjs   (BENCH_CONTAINERS=50 BENCH_ROUNDS=40 BENCH_COLD_ROUNDS=10)
// Needs the test environment (run `npm run test:server` once) and builds the server if needed.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { SERVER_BUILD, ensureBuilt } from '../scripts/build-freshness.mjs';
import { freePort } from './free-port.mjs';

const root = resolve(import.meta.dirname, '..');
const COUNT = Number(process.env.BENCH_CONTAINERS ?? 50);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 40);
const COLD_ROUNDS = Number(process.env.BENCH_COLD_ROUNDS ?? 10);
const IDLE_MS = 1000;
const PASSWORD = 'bench-admin-password';
const LABEL = `archnest.bench.run=docker-ssh-${process.pid}`;
const PS = "docker ps -a --no-trunc --format '{{json .}}'";

const envFile = '/tmp/archnest-test-env/env.json';
if (!existsSync(envFile)) throw new Error(`${envFile} is missing: run \`npm run test:server\` once to start the test sshd`);
const { ssh, image } = JSON.parse(readFileSync(envFile, 'utf8'));
const sshDir = '/tmp/archnest-test-env/ssh';
const controlDir = mkdtempSync(join(tmpdir(), 'archnest-bench-mux-'));
const sshBase = ['-i', ssh.privateKeyPath, '-p', String(ssh.port), '-o', 'IdentitiesOnly=yes', '-o', `UserKnownHostsFile=${sshDir}/known_hosts`,
  '-o', 'StrictHostKeyChecking=yes', '-o', 'BatchMode=yes', '-o', 'LogLevel=ERROR'];
const muxOptions = ['-o', 'ControlMaster=auto', '-o', `ControlPath=${controlDir}/%C`, '-o', 'ControlPersist=120'];
const target = `${ssh.username}@${ssh.host}`;

function call(url, { method = 'GET', headers = {}, body } = {}) {
  return new Promise((done, fail) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = request(url, { method, headers: { ...headers, ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}) } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        done({ status: res.statusCode, json: text ? JSON.parse(text) : null });
      });
      res.on('error', fail);
    });
    req.on('error', fail);
    req.end(payload);
  });
}

/** Runs a program to completion and parses its `{{json .}}` lines, as ArchNest does. */
function program(bin, args) {
  return new Promise((done, fail) => {
    const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const out = [];
    const err = [];
    child.stdout.on('data', (c) => out.push(c));
    child.stderr.on('data', (c) => err.push(c));
    child.on('error', fail);
    child.on('close', (code) => {
      if (code !== 0) return fail(new Error(`${bin} exited ${code}: ${Buffer.concat(err).toString().trim()}`));
      done(Buffer.concat(out).toString('utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line)));
    });
  });
}

/**
 * A private copy of the build for this run: other work on the same tree may rebuild dist/server
 * (which deletes it first) while the benchmark runs. Inside dist/, so node_modules still resolves.
 */
function snapshotBuild() {
  const main = ensureBuilt(SERVER_BUILD);
  const copy = join(root, 'dist', `bench-docker-ssh-${process.pid}`);
  cpSync(dirname(main), copy, { recursive: true });
  return { main: join(copy, 'main.js'), dir: copy };
}

/** A built ArchNest server in its own process, so its event loop is not the benchmark's. */
async function startServer(main, extraEnv) {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'archnest-bench-ssh-'));
  const child = spawn(process.execPath, [main], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      PATH: process.env.PATH, ARCHNEST_PORT: String(port), ARCHNEST_HOST: '127.0.0.1', ARCHNEST_DATA_DIR: dataDir, ARCHNEST_ADMIN_PASSWORD: PASSWORD,
      ARCHNEST_CLIENT_DIR: join(dataDir, 'no-console'), ARCHNEST_LOG_LEVEL: 'warn', ...extraEnv,
    },
  });
  try {
    return await prepare(child, `http://127.0.0.1:${port}`, dataDir);
  } catch (error) {
    child.kill();
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}

async function prepare(child, base, dataDir) {
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      if ((await call(`${base}/api/health`)).status === 200) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  const login = await call(`${base}/api/auth/login`, { method: 'POST', body: { username: 'admin', password: PASSWORD } });
  if (login.status !== 200) throw new Error(`login failed: ${login.status} ${JSON.stringify(login.json)}`);
  const headers = { authorization: `Bearer ${login.json.accessToken}` };
  const host = await call(`${base}/api/docker-ssh/hosts`, {
    method: 'POST', headers,
    body: { name: 'bench', host: ssh.host, port: ssh.port, username: ssh.username, privateKey: ssh.privateKey, hostKeyFingerprint: ssh.hostKeyFingerprint },
  });
  if (host.status !== 201) throw new Error(`registering the host failed: ${host.status} ${JSON.stringify(host.json)}`);
  const list = async () => {
    const res = await call(`${base}/api/docker-ssh/hosts/${host.json.id}/containers`, { headers });
    if (res.status !== 200) throw new Error(`list failed: ${res.status} ${JSON.stringify(res.json)}`);
    return res.json;
  };
  return { list, stop: () => child.kill(), dataDir };
}

async function timed(fn) {
  const started = process.hrtime.bigint();
  const result = await fn();
  return { ms: Number(process.hrtime.bigint() - started) / 1e6, result };
}

function summary(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { median: at(0.5), p95: at(0.95), min: sorted[0] };
}

const fmt = (n) => n.toFixed(1).padStart(7);

async function main() {
  console.log(`docker-ssh list benchmark: ${COUNT} bench containers, ${ROUNDS} warm rounds, ${COLD_ROUNDS} cold rounds; ${availableParallelism()} CPUs, load ${loadavg()[0].toFixed(2)}`);
  const made = [];
  const servers = [];
  const build = snapshotBuild();
  try {
    for (let n = 0; n < COUNT; n++) {
      const name = `an-bench-dssh-${process.pid}-${n}`;
      const args = n % 2 === 0 ? ['run', '-d'] : ['create'];
      const r = spawnSync('docker', [...args, '--name', name, '--label', LABEL, image, 'sleep', '3600']);
      if (r.status !== 0) throw new Error(`docker ${args[0]} ${name}: ${r.stderr}`);
      made.push(name);
    }
    const warm = await startServer(build.main, {});
    servers.push(warm);
    const cold = await startServer(build.main, { ARCHNEST_SSH_IDLE_MS: String(IDLE_MS) });
    servers.push(cold);
    const contenders = {
      'ArchNest (warm pooled connection)': () => warm.list(),
      'ssh host docker ps (handshake each)': () => program('ssh', [...sshBase, target, PS]),
      'ssh, multiplexed (ControlMaster)': () => program('ssh', [...sshBase, ...muxOptions, target, PS]),
      'docker ps locally (no SSH)': () => program('docker', ['ps', '-a', '--no-trunc', '--format', '{{json .}}']),
    };
    const samples = Object.fromEntries(Object.keys(contenders).map((k) => [k, []]));
    // Warm-up: the pool connects, the mux master starts, caches fill.
    for (const fn of Object.values(contenders)) for (let i = 0; i < 3; i++) await fn();
    let rows = 0;
    for (let round = 0; round < ROUNDS; round++) {
      for (const [name, fn] of Object.entries(contenders)) {
        const { ms, result } = await timed(fn);
        samples[name].push(ms);
        rows = result.length;
      }
    }
    console.log(`\n${rows} containers per list (the whole engine, other test runs' included)\n`);
    console.log(`${'contender'.padEnd(38)} median     p95     min  (ms)`);
    const stats = {};
    for (const [name, values] of Object.entries(samples)) {
      stats[name] = summary(values);
      console.log(`${name.padEnd(38)}${fmt(stats[name].median)} ${fmt(stats[name].p95)} ${fmt(stats[name].min)}`);
    }

    const coldSamples = [];
    for (let round = 0; round < COLD_ROUNDS; round++) {
      // Longer than the idle close: every request below opens a new SSH connection.
      await new Promise((r) => setTimeout(r, IDLE_MS + 400));
      coldSamples.push((await timed(() => cold.list())).ms);
    }
    const coldStats = summary(coldSamples);
    console.log(`${'ArchNest (fresh handshake per request)'.padEnd(38)}${fmt(coldStats.median)} ${fmt(coldStats.p95)} ${fmt(coldStats.min)}`);

    const archnest = stats['ArchNest (warm pooled connection)'].median;
    const ratio = archnest / stats['ssh host docker ps (handshake each)'].median;
    console.log(`\nArchNest warm / ssh host docker ps: ${ratio.toFixed(2)}× (target ≤ 1.2×) ${ratio <= 1.2 ? 'OK' : 'MISSED'}`);
    console.log(`ArchNest warm / ssh multiplexed:    ${(archnest / stats['ssh, multiplexed (ControlMaster)'].median).toFixed(2)}×`);
    console.log(`ArchNest cold / ArchNest warm:      ${(coldStats.median / archnest).toFixed(2)}× (a fresh handshake costs ≈ ${(coldStats.median - archnest).toFixed(0)} ms per request)`);
    console.log(`SSH overhead of ArchNest warm over local docker ps: ${(archnest - stats['docker ps locally (no SSH)'].median).toFixed(1)} ms`);
  } finally {
    for (const server of servers) server.stop();
    spawnSync('ssh', [...sshBase, ...muxOptions, '-O', 'exit', target], { stdio: 'ignore' });
    for (const name of made) spawnSync('docker', ['rm', '-f', name], { stdio: 'ignore' });
    for (const dir of [controlDir, build.dir, ...servers.map((s) => s.dataDir)]) rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
