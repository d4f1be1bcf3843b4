// Small process and file helpers for the shared test environment.
// Everything here is plain Node: the environment must come up before any
// project code is built, and it must explain itself when it cannot.
import { spawn } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { connect } from 'node:net';

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  input?: string;
  timeoutMs?: number;
  env?: NodeJS.ProcessEnv;
}

export const sleep = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));

/** Runs a command to completion; never rejects for a non-zero exit, only when it cannot be spawned. */
export function run(cmd: string, args: string[], options: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      env: options.env ?? process.env,
      stdio: ['pipe', 'pipe', 'pipe'],
      timeout: options.timeoutMs ?? 120_000,
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', (error) => reject(new Error(`cannot run ${cmd}: ${error.message}`)));
    child.on('close', (code, signal) => {
      const stderr = Buffer.concat(err).toString('utf8');
      resolve({
        code: code ?? 128,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: signal ? `${stderr}\n(killed by ${signal})` : stderr,
      });
    });
    child.stdin.on('error', () => undefined); // the command may exit before reading its input
    child.stdin.end(options.input ?? '');
  });
}

/** Runs a command and returns stdout; a failure becomes an Error naming the component. */
export async function runOk(component: string, cmd: string, args: string[], options: RunOptions = {}): Promise<string> {
  const result = await run(cmd, args, options);
  if (result.code !== 0) {
    throw componentError(component, `\`${cmd} ${args.join(' ')}\` exited ${result.code}: ${lastLines(result.stderr || result.stdout)}`);
  }
  return result.stdout;
}

export function componentError(component: string, reason: string): Error {
  return new Error(`test-env: ${component} did not start: ${reason}`);
}

export function lastLines(text: string, count = 8): string {
  const lines = text.trim().split('\n').filter((line) => line.trim() !== '');
  return lines.length === 0 ? '(no output)' : lines.slice(-count).join(' | ');
}

export function tailFile(path: string, count = 8): string {
  try {
    return lastLines(readFileSync(path, 'utf8'), count);
  } catch {
    return `(no log at ${path})`;
  }
}

/** Writes a file only when its content differs, so callers know whether a daemon must reload it. */
export function writeIfChanged(path: string, content: string, mode = 0o644): boolean {
  if (existsSync(path) && readFileSync(path, 'utf8') === content) return false;
  writeFileSync(path, content, { mode });
  return true;
}

export function ensureDir(path: string, mode = 0o755): void {
  mkdirSync(path, { recursive: true, mode });
}

/**
 * Starts a long-running process in its own session so it outlives the jest run,
 * with stdout and stderr appended to a log file. Returns a function telling
 * whether it already died (so a wait can stop early with the log tail).
 */
export function startDetached(cmd: string, args: string[], logFile: string): () => number | null {
  const fd = openSync(logFile, 'a');
  let exitCode: number | null = null;
  try {
    const child = spawn(cmd, args, { detached: true, stdio: ['ignore', fd, fd] });
    child.on('error', () => (exitCode = 127));
    child.on('exit', (code) => (exitCode = code ?? 128));
    child.unref();
  } finally {
    closeSync(fd);
  }
  return () => exitCode;
}

/** Polls until check() is true, the process behind it died, or the time is up. */
export async function waitUntil(
  check: () => Promise<boolean>,
  timeoutMs: number,
  exited: () => number | null = () => null,
): Promise<'ready' | 'timeout' | 'exited'> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return 'ready';
    if (exited() !== null) return 'exited';
    if (Date.now() > deadline) return 'timeout';
    await sleep(200);
  }
}

/** Pids whose command line contains marker: how we find the daemons we started earlier. */
export function pidsMatching(marker: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').join(' ');
      if (cmdline.includes(marker)) pids.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return pids;
}

export function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export async function stopPids(pids: number[]): Promise<void> {
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
  const deadline = Date.now() + 5_000;
  while (pids.some(isAlive) && Date.now() < deadline) await sleep(100);
  for (const pid of pids.filter(isAlive)) process.kill(pid, 'SIGKILL');
}

/** Reads the first line a TCP server sends (an SSH banner), or '' when nothing answers. */
export function readBanner(host: string, port: number, timeoutMs = 2_000): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    let data = '';
    const finish = (value: string): void => {
      socket.destroy();
      resolve(value);
    };
    socket.setTimeout(timeoutMs, () => finish(''));
    socket.on('error', () => finish(''));
    socket.on('data', (chunk: Buffer) => {
      data += chunk.toString('latin1');
      if (data.includes('\n')) finish(data.split('\n')[0].trim());
    });
    socket.on('end', () => finish(data.trim()));
  });
}

/**
 * A lock directory so that two jest runs started at once (several suites,
 * several developers' terminals) do not both generate keys or start daemons.
 */
export async function withLock<T>(dir: string, work: () => Promise<T>): Promise<T> {
  const lockDir = `${dir}/.lock`;
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      mkdirSync(lockDir);
      writeFileSync(`${lockDir}/pid`, String(process.pid));
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (lockIsStale(lockDir)) {
        rmSync(lockDir, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline) {
        throw new Error(`test-env: another setup still holds ${lockDir} after 180 s; remove it if no test run is active`);
      }
      await sleep(250);
    }
  }
  try {
    return await work();
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}

function lockIsStale(lockDir: string): boolean {
  try {
    const owner = Number(readFileSync(`${lockDir}/pid`, 'utf8'));
    return !isAlive(owner);
  } catch {
    // The owner may be between mkdir and writing its pid: only an old lock without a pid is stale.
    try {
      return Date.now() - statSync(lockDir).mtimeMs > 10_000;
    } catch {
      return false;
    }
  }
}
