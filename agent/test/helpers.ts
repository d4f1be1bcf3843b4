// Shared helpers for the agent tests: run the real script, put wrapper or
// fake tools first on PATH, and manage the test image and containers.
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const SCRIPT = resolve(__dirname, '..', 'archnest-docker-agent.sh');
export const IMAGE = 'archnest-busybox:test';
export const SECRET = 'hunter2';

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
  ms: number;
}

export interface RunOptions {
  env?: Record<string, string | undefined>;
  args?: string[];
  /** Replaces the script with this command line, e.g. ['bash', '-x', SCRIPT]. */
  command?: string[];
  timeoutMs?: number;
}

/** Runs a command without blocking the event loop (the tests' HTTP server lives in this process). */
export function run(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env, timeoutMs = 60_000): Promise<RunResult> {
  return new Promise((done, fail) => {
    const started = Date.now();
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'], timeout: timeoutMs });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.on('error', fail);
    child.on('close', (code, signal) =>
      done({
        code: code ?? (signal ? 128 : -1),
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        ms: Date.now() - started,
      }),
    );
  });
}

/** Runs a command and returns its stdout, failing the test with its stderr otherwise. */
export async function runOk(cmd: string, args: string[]): Promise<string> {
  const result = await run(cmd, args, dockerEnv());
  if (result.code !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${result.code}): ${result.stderr}`);
  return result.stdout;
}

/** The docker CLI pinned to the local engine, whatever the caller's shell says. */
export function dockerEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, DOCKER_HOST: 'unix:///var/run/docker.sock' };
  delete env.DOCKER_CONTEXT;
  return env;
}

/**
 * Runs the real agent script with a minimal, hermetic environment: no
 * ARCHNEST_* leaks in from the caller and the env file is an empty temp file
 * unless the test says otherwise.
 */
export function runAgent(work: string, options: RunOptions = {}): Promise<RunResult> {
  const emptyEnvFile = join(work, 'empty.env');
  if (!existsSync(emptyEnvFile)) writeFileSync(emptyEnvFile, '', { mode: 0o600 });
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    TMPDIR: work,
    DOCKER_HOST: 'unix:///var/run/docker.sock',
    ARCHNEST_AGENT_ENV_FILE: emptyEnvFile,
  };
  for (const [key, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  const [cmd, ...pre] = options.command ?? [SCRIPT];
  return run(cmd, [...pre, ...(options.args ?? [])], env, options.timeoutMs);
}

export function tempDir(tag: string): string {
  return mkdtempSync(join(tmpdir(), `archnest-agent-${tag}-`));
}

export function writeExecutable(path: string, body: string): string {
  writeFileSync(path, body);
  chmodSync(path, 0o755);
  return path;
}

export async function which(tool: string): Promise<string> {
  const found = await run('sh', ['-c', `command -v ${tool}`]);
  if (found.code !== 0) throw new Error(`${tool} is not installed`);
  return found.stdout.trim();
}

/** A bin folder holding only links to the named tools (plus bash for the shebang). */
export async function binWith(dir: string, tools: string[]): Promise<string> {
  mkdirSync(dir, { recursive: true });
  for (const tool of new Set(['bash', ...tools])) symlinkSync(await which(tool), join(dir, tool));
  return dir;
}

/** A `docker` first on PATH that logs each call's first argument, then runs the real CLI. */
export async function countingDocker(dir: string, log: string, before = ''): Promise<string> {
  mkdirSync(dir, { recursive: true });
  const real = await which('docker');
  writeExecutable(join(dir, 'docker'), `#!/bin/sh\necho "$1" >> '${log}'\n${before}exec '${real}' "$@"\n`);
  return dir;
}

/** The test image, made the same way as the shared test environment does, reused when present. */
export async function ensureImage(): Promise<void> {
  const existing = await run('docker', ['image', 'inspect', '-f', '{{json .Config.Cmd}}', IMAGE], dockerEnv());
  if (existing.code === 0 && existing.stdout.trim() === '["/bin/sh"]') return;
  const work = tempDir('image');
  try {
    const busybox = ['/bin/busybox', '/usr/bin/busybox'].find((p) => existsSync(p));
    if (!busybox) throw new Error('busybox is not installed (apt-get install busybox-static)');
    const bin = join(work, 'rootfs', 'bin');
    mkdirSync(bin, { recursive: true });
    for (const dir of ['tmp', 'etc', 'proc', 'sys', 'dev', 'root']) mkdirSync(join(work, 'rootfs', dir));
    await runOk('cp', [busybox, join(bin, 'busybox')]);
    // Links made by hand: `busybox --install` outside a chroot would point them at the host path.
    for (const applet of (await runOk(busybox, ['--list'])).split('\n').filter(Boolean)) {
      if (applet !== 'busybox') symlinkSync('/bin/busybox', join(bin, applet));
    }
    await runOk('tar', ['-C', join(work, 'rootfs'), '-cf', join(work, 'rootfs.tar'), '.']);
    await runOk('docker', ['import', '--change', 'CMD ["/bin/sh"]', join(work, 'rootfs.tar'), IMAGE]);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** A name/label prefix unique to this test run, so parallel runs never touch each other's containers. */
export function runPrefix(tag: string): string {
  return `an-agent-${tag}-${process.pid}-${Date.now().toString(36)}`;
}

export async function removeByLabel(label: string): Promise<void> {
  const ids = (await runOk('docker', ['ps', '-aq', '--filter', `label=${label}`])).split('\n').filter(Boolean);
  if (ids.length) await runOk('docker', ['rm', '-f', '-v', ...ids]);
}

export async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting for ${what}`);
}
