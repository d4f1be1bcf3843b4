import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CANARY, Recorder } from './harness';

// 500 simulated agents with distinct host ids posting concurrently to the real server (main.ts,
// its own process, a real port) through bench/load-agents.mjs, the same script that measures the
// 60-second figures in docs/reliability.md. In the suite it runs 10 s: long enough for every agent
// to post many reports, short enough not to starve the other suites sharing the two cores.
const AGENTS = 500;
const SECONDS = 10;

interface LoadResult {
  agents: number;
  archnest: { requests: number; rps: number; p99: number; errors: number; timeouts: number; non2xx: number };
  hosts: number;
  mismatches: string[];
}

describe(`agent load: ${AGENTS} agents for ${SECONDS} s (e2e)`, () => {
  const dir = mkdtempSync(join(tmpdir(), 'archnest-rel-load-'));
  let result: LoadResult;
  let serverLog = '';

  beforeAll(async () => {
    const root = join(__dirname, '../../..');
    const logFile = join(dir, 'server.log');
    const output = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, [join(root, 'bench/load-agents.mjs')], {
        cwd: root,
        env: {
          ...process.env,
          LOAD_AGENTS: String(AGENTS), LOAD_SECONDS: String(SECONDS), LOAD_REFERENCE: '0', LOAD_SERVER: 'ts-node',
          LOAD_TOKEN: CANARY.agentToken, LOAD_SERVER_LOG: logFile,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let text = '';
      child.stdout.on('data', (c: Buffer) => (text += c.toString()));
      child.stderr.on('data', (c: Buffer) => (text += c.toString()));
      child.on('error', reject);
      child.on('close', (code) => (code === 0 ? resolve(text) : reject(new Error(`bench/load-agents.mjs exited ${code}: ${text.slice(-1500)}`))));
    });
    result = JSON.parse(output.trim().split('\n').pop()!);
    serverLog = readFileSync(logFile, 'utf8');
  }, 240_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('answers every report: no connection error, timeout or non-2xx', () => {
    expect(result.archnest).toMatchObject({ errors: 0, timeouts: 0, non2xx: 0 });
    // Every agent posted many times, so ordering had plenty of chances to go wrong.
    expect(result.archnest.requests).toBeGreaterThan(AGENTS * 3);
  });

  it("stores each host's last report: none lost, none reordered", () => {
    expect(result.hosts).toBe(AGENTS);
    expect(result.mismatches).toEqual([]);
  });

  it('logs no error and no secret while under load', () => {
    expect(serverLog).not.toMatch(/ERROR|Internal server error/);
    const recorder = new Recorder();
    recorder.record('server log', serverLog);
    expect(recorder.leaks()).toEqual([]);
  });
});
