// Start-up checks of the real script: required tools, required variables,
// the env file read as data (never as code), options, and the units parser.
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { binWith, runAgent, tempDir, writeExecutable } from './helpers';

const work = tempDir('config');
let emptyDocker: string;

beforeAll(() => {
  // Config tests need no containers: a docker answering an empty `ps` keeps them fast.
  emptyDocker = join(work, 'empty-docker');
  mkdirSync(emptyDocker);
  writeExecutable(join(emptyDocker, 'docker'), '#!/bin/sh\nexit 0\n');
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

const fullConfig = { ARCHNEST_URL: 'http://127.0.0.1:9', ARCHNEST_AGENT_TOKEN: 't0k3n', ARCHNEST_HOST_ID: 'h1' };

function envFile(name: string, body: string, mode = 0o600): string {
  const path = join(work, name);
  writeFileSync(path, body, { mode });
  return path;
}

describe('required tools', () => {
  it.each([
    ['jq', ['docker', 'curl', 'timeout'], 'apt-get install jq'],
    ['curl', ['docker', 'jq', 'timeout'], 'apt-get install curl'],
    ['docker', ['jq', 'curl', 'timeout'], 'https://docs.docker.com/engine/install/'],
    ['timeout', ['docker', 'jq', 'curl'], 'coreutils'],
  ])('without %s on PATH it exits non-zero with a one-line install hint', async (missing, present, hint) => {
    const bin = await binWith(join(work, `no-${missing}`), present);
    const result = await runAgent(work, { env: { ...fullConfig, PATH: bin } });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(`archnest-agent: error: '${missing}' not found on PATH; ${result.stderr.split('; ')[1]}`);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain(hint);
  });
});

describe('required variables', () => {
  it('names every missing variable', async () => {
    const result = await runAgent(work, { env: { PATH: `${emptyDocker}:${process.env.PATH}` } });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/missing configuration: ARCHNEST_URL ARCHNEST_AGENT_TOKEN ARCHNEST_HOST_ID/);
  });

  it.each(['ARCHNEST_URL', 'ARCHNEST_AGENT_TOKEN', 'ARCHNEST_HOST_ID'])('names %s alone when only it is missing', async (name) => {
    const result = await runAgent(work, { env: { ...fullConfig, [name]: undefined, PATH: `${emptyDocker}:${process.env.PATH}` } });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`archnest-agent: error: missing configuration: ${name} (set in the environment or in ${join(work, 'empty.env')})\n`);
  });

  it('needs only ARCHNEST_HOST_ID for --dry-run', async () => {
    const result = await runAgent(work, { args: ['--dry-run'], env: { ARCHNEST_HOST_ID: 'h1', PATH: `${emptyDocker}:${process.env.PATH}` } });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).containers).toEqual([]);
  });

  it.each(['../etc/passwd', 'a b', 'x'.repeat(129), 'host;reboot', 'hôte'])('rejects the host id %j locally', async (hostId) => {
    const result = await runAgent(work, { env: { ...fullConfig, ARCHNEST_HOST_ID: hostId, LANG: 'C.UTF-8', PATH: `${emptyDocker}:${process.env.PATH}` } });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('ARCHNEST_HOST_ID must be 1-128 characters of A-Z a-z 0-9 . _ -');
  });

  it.each([
    ['ARCHNEST_URL', 'ftp://example', 'must start with http:// or https://'],
    ['ARCHNEST_DOCKER_TIMEOUT', '0', 'whole number of seconds'],
    ['ARCHNEST_MAX_TIME', '1m', 'whole number of seconds'],
    ['ARCHNEST_AGENT_TOKEN', 'abc\ndef', 'control characters'],
  ])('rejects %s=%j with a clear message', async (name, value, message) => {
    const result = await runAgent(work, { env: { ...fullConfig, [name]: value, PATH: `${emptyDocker}:${process.env.PATH}` } });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr).not.toContain('def');
  });
});

describe('the env file', () => {
  it('supplies the config, strips one pair of quotes, ignores comments and CRLF', async () => {
    const file = envFile('good.env', '# comment\r\n\r\nexport ARCHNEST_HOST_ID="from-file"\r\n  ARCHNEST_HOSTNAME=\'my host # not a comment\'\r\nARCHNEST_DOCKER_TIMEOUT=7');
    const result = await runAgent(work, { args: ['--dry-run'], env: { ARCHNEST_AGENT_ENV_FILE: file, PATH: `${emptyDocker}:${process.env.PATH}` } });
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toMatchObject({ hostId: 'from-file', hostname: 'my host # not a comment' });
  });

  it('lets the environment win over the file', async () => {
    const file = envFile('lose.env', 'ARCHNEST_HOST_ID=from-file\n');
    const result = await runAgent(work, { args: ['--dry-run'], env: { ARCHNEST_AGENT_ENV_FILE: file, ARCHNEST_HOST_ID: 'from-env', PATH: `${emptyDocker}:${process.env.PATH}` } });
    expect(JSON.parse(result.stdout).hostId).toBe('from-env');
  });

  it('is data, not code: nothing in a hostile file runs, and only ARCHNEST_* keys are read', async () => {
    const marker = (n: number) => join(work, `pwned-${n}`);
    const file = envFile(
      'hostile.env',
      [
        `ARCHNEST_HOST_ID=h1`,
        `ARCHNEST_HOSTNAME=$(touch ${marker(1)})\`touch ${marker(2)}\``,
        `touch ${marker(3)}`,
        `PATH=/nonexistent`,
        `LD_PRELOAD=/tmp/evil.so`,
        `ARCHNEST_HOSTNAME = spaced`,
      ].join('\n'),
    );
    const result = await runAgent(work, { args: ['--dry-run'], env: { ARCHNEST_AGENT_ENV_FILE: file, PATH: `${emptyDocker}:${process.env.PATH}` } });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).hostname).toBe(`$(touch ${marker(1)})\`touch ${marker(2)}\``);
    for (const n of [1, 2, 3]) expect(existsSync(marker(n))).toBe(false);
    expect(result.stderr).toContain('hostile.env:3: not a KEY=VALUE line, ignored');
    expect(result.stderr).toContain('hostile.env:4: unknown key PATH, ignored');
    expect(result.stderr).toContain('hostile.env:5: unknown key LD_PRELOAD, ignored');
    expect(result.stderr).toContain('hostile.env:6: not a KEY=VALUE line, ignored');
  });

  it('warns when the file holding the token is readable by others', async () => {
    const file = envFile('open.env', 'ARCHNEST_HOST_ID=h1\n', 0o644);
    const result = await runAgent(work, { args: ['--dry-run'], env: { ARCHNEST_AGENT_ENV_FILE: file, PATH: `${emptyDocker}:${process.env.PATH}` } });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`${file} is readable by group/others; it holds the agent token: chmod 600`);
  });

  it('fails when an explicitly named file does not exist', async () => {
    const result = await runAgent(work, { env: { ...fullConfig, ARCHNEST_AGENT_ENV_FILE: join(work, 'nope.env'), PATH: `${emptyDocker}:${process.env.PATH}` } });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('nope.env (ARCHNEST_AGENT_ENV_FILE) does not exist');
  });
});

describe('options', () => {
  it('rejects an unknown option with the usage', async () => {
    const result = await runAgent(work, { args: ['--bogus'] });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("unknown option '--bogus'");
    expect(result.stderr).toContain('Usage: archnest-docker-agent.sh');
  });

  it('prints help and version', async () => {
    expect((await runAgent(work, { args: ['--help'] })).stdout).toContain('--dry-run');
    expect((await runAgent(work, { args: ['--version'] })).stdout).toBe('1\n');
  });
});

describe('units parser (the jq function the report uses)', () => {
  const fixtures: Array<[string, string]> = [
    ['0B', '0'],
    ['512B', '512'],
    ['1.2kB', '1200'],
    ['1.2KB', '1200'],
    ['1.2k', '1200'],
    ['12.3MiB', '12897485'],
    ['12.3MB', '12300000'],
    ['420KiB', '430080'],
    ['23.54GiB', '25275882537'],
    ['1.5GB', '1500000000'],
    ['7.5TiB', '8246337208320'],
    ['2TB', '2000000000000'],
    ['1.5gib', '1610612736'],
    [' 3 MB ', '3000000'],
    ['42', '42'],
    ['--', 'null'],
    ['', 'null'],
    ['N/A', 'null'],
    ['-1MB', 'null'],
    ['1.2.3MB', 'null'],
    ['12XB', 'null'],
    ['1e3B', 'null'],
  ];

  it('converts docker human sizes to bytes, and anything else to null', async () => {
    const result = await runAgent(work, { args: ['--convert-units', ...fixtures.map(([input]) => input)] });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const got = result.stdout.split('\n').slice(0, -1);
    expect(fixtures.map(([input], n) => [input, got[n]])).toEqual(fixtures);
  });

  it('needs a value', async () => {
    const result = await runAgent(work, { args: ['--convert-units'] });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--convert-units needs at least one value');
  });
});
