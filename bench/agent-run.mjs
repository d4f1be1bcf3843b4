#!/usr/bin/env node
// Agent cost at 100 containers: wall time and CPU of one `--dry-run` run of the
// real script (the script plus its docker/jq children, via GNU time), the
// Docker engine's own CPU during the run, and the number of docker calls.
//   node bench/agent-run.mjs            (BENCH_CONTAINERS=100 BENCH_RUNS=3)
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, chmodSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const SCRIPT = resolve(import.meta.dirname, '..', 'agent', 'archnest-docker-agent.sh');
const IMAGE = 'archnest-busybox:test';
const COUNT = Number(process.env.BENCH_CONTAINERS ?? 100);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const label = `archnest.bench.run=agent-${process.pid}-${Date.now().toString(36)}`;
const env = { ...process.env, DOCKER_HOST: 'unix:///var/run/docker.sock' };

function run(cmd, args, extraEnv = env) {
  return new Promise((done, fail) => {
    const child = spawn(cmd, args, { env: extraEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

async function ok(cmd, args) {
  const r = await run(cmd, args);
  if (r.code !== 0) throw new Error(`${cmd} ${args.join(' ')}: ${r.stderr.trim()}`);
  return r.stdout;
}

/** utime + stime of a process in seconds, from /proc (clock ticks at the usual 100 Hz). */
function cpuOf(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

async function cleanup() {
  const ids = (await run('docker', ['ps', '-aq', '--filter', `label=${label}`])).stdout.split('\n').filter(Boolean);
  if (ids.length) await run('docker', ['rm', '-f', ...ids]);
}

async function main() {
  const image = await run('docker', ['image', 'inspect', IMAGE]);
  if (image.code !== 0) throw new Error(`image ${IMAGE} missing: run the agent tests once (they build it)`);
  if (!existsSync('/usr/bin/time')) throw new Error('/usr/bin/time missing: apt-get install time');
  const dockerdPid = (await ok('pidof', ['dockerd'])).trim().split(' ')[0];

  const started = Date.now();
  const queue = Array.from({ length: COUNT }, (_, n) => n);
  const worker = async () => {
    for (let n = queue.shift(); n !== undefined; n = queue.shift()) {
      await ok('docker', ['run', '-d', '--label', label, '--name', `an-bench-${process.pid}-${n}`, IMAGE, 'sleep', '3600']);
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  console.log(`created ${COUNT} idle containers in ${((Date.now() - started) / 1000).toFixed(1)} s`);

  const work = mkdtempSync(join(tmpdir(), 'archnest-bench-'));
  try {
    const log = join(work, 'calls.log');
    const real = (await ok('sh', ['-c', 'command -v docker'])).trim();
    writeFileSync(join(work, 'docker'), `#!/bin/sh\necho "$1" >> '${log}'\nexec '${real}' "$@"\n`);
    chmodSync(join(work, 'docker'), 0o755);
    writeFileSync(join(work, 'empty.env'), '', { mode: 0o600 });
    const agentEnv = { ...env, PATH: `${work}:${process.env.PATH}`, ARCHNEST_HOST_ID: 'bench', ARCHNEST_AGENT_ENV_FILE: join(work, 'empty.env') };

    const rows = [];
    for (let i = 0; i < RUNS; i++) {
      writeFileSync(log, '');
      const engineBefore = cpuOf(dockerdPid);
      const r = await run('/usr/bin/time', ['-f', 'TIME %e %U %S', SCRIPT, '--dry-run'], agentEnv);
      const engineCpu = cpuOf(dockerdPid) - engineBefore;
      if (r.code !== 0) throw new Error(`agent run failed: ${r.stderr}`);
      const [wall, user, sys] = r.stderr.match(/TIME (\S+) (\S+) (\S+)/).slice(1).map(Number);
      const report = JSON.parse(r.stdout);
      const calls = readFileSync(log, 'utf8').split('\n').filter(Boolean);
      rows.push({ wall, cpu: user + sys, user, sys, engineCpu, calls: calls.length, callNames: calls.sort().join(','), containers: report.containers.length, bytes: JSON.stringify(report).length });
    }
    console.log('run  wall_s  agent_cpu_s (user+sys)  dockerd_cpu_s  docker_calls          containers  report_bytes');
    rows.forEach((r, i) =>
      console.log(`${String(i + 1).padEnd(4)} ${r.wall.toFixed(2).padEnd(7)} ${`${r.cpu.toFixed(2)} (${r.user.toFixed(2)}+${r.sys.toFixed(2)})`.padEnd(23)} ${r.engineCpu.toFixed(2).padEnd(14)} ${`${r.calls} (${r.callNames})`.padEnd(21)} ${String(r.containers).padEnd(11)} ${r.bytes}`),
    );
    const median = (key) => rows.map((r) => r[key]).sort((a, b) => a - b)[Math.floor(rows.length / 2)];
    console.log(`median: wall ${median('wall').toFixed(2)} s, agent CPU ${median('cpu').toFixed(2)} s, dockerd CPU ${median('engineCpu').toFixed(2)} s, docker calls ${median('calls')}`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

process.on('SIGINT', () => cleanup().then(() => process.exit(130)));
main()
  .catch((error) => {
    console.error(`bench failed: ${error.message}`);
    process.exitCode = 1;
  })
  .finally(cleanup);
