// The POST to ArchNest, against a small loopback HTTP server standing in for
// the ingest route (the real-server e2e lives with the server tests).
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SCRIPT, SECRET, runAgent, tempDir, which, writeExecutable } from './helpers';

// Quotes, a backslash and shell syntax: the token must survive curl's config quoting intact.
const TOKEN = 'tok-"quoted"\\back$(id)`x`-' + 'z'.repeat(40);
const work = tempDir('post');

interface Received {
  method?: string;
  url?: string;
  headers: IncomingHttpHeaders;
  body: string;
}
let server: Server;
let baseUrl: string;
let received: Received[] = [];
let respond: (res: ServerResponse) => void = () => undefined;
let fakeDocker: string;
let curlLog: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      received.push({ method: req.method, url: req.url, headers: req.headers, body });
      respond(res);
    });
  });
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  // One container replayed from fixtures keeps these tests about HTTP, and fast.
  const id = 'c'.repeat(64);
  const bin = join(work, 'bin');
  mkdirSync(bin);
  writeFileSync(join(bin, 'ps.out'), `{"id":"${id}","status":"Up 1 second"}\n`);
  writeFileSync(join(bin, 'inspect.out'), JSON.stringify([{
    Id: id, Name: '/app', Image: 'sha256:' + 'e'.repeat(64), Created: '2026-01-01T00:00:00Z', Path: 'app', Args: [],
    State: { Status: 'running', Running: true, ExitCode: 0, StartedAt: '2026-01-01T00:00:01Z', FinishedAt: '0001-01-01T00:00:00Z' },
    RestartCount: 0, HostConfig: { RestartPolicy: { Name: 'always' } },
    Config: { Image: 'app:1', Env: [`DB_PASSWORD=${SECRET}`], Labels: {} }, NetworkSettings: { Ports: {}, Networks: {} }, Mounts: [],
  }]));
  writeFileSync(join(bin, 'stats.out'), `{"id":"${id}","cpu":"0.5%","mem":"1MiB / 1GiB","net":"0B / 0B","block":"0B / 0B"}\n`);
  writeExecutable(join(bin, 'docker'), `#!/bin/sh\ncat '${bin}'/"$1".out\n`);
  // A curl wrapper records every argument the script gives curl, then runs the real one.
  curlLog = join(work, 'curl-argv.log');
  writeExecutable(join(bin, 'curl'), `#!/bin/sh\nprintf '%s\\n' "$@" >> '${curlLog}'\nexec '${await which('curl')}' "$@"\n`);
  fakeDocker = bin;
});

afterAll(async () => {
  await new Promise((done) => server.close(done));
  rmSync(work, { recursive: true, force: true });
});

beforeEach(() => {
  received = [];
  writeFileSync(curlLog, '');
});

const json = (status: number, body: unknown) => (res: ServerResponse) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

/** Config through the env file, the way operators are told to install it. */
function post(extraEnv: Record<string, string> = {}, command?: string[]) {
  const envFile = join(work, 'agent.env');
  writeFileSync(envFile, `ARCHNEST_URL=${baseUrl}/\nARCHNEST_AGENT_TOKEN='${TOKEN}'\nARCHNEST_HOST_ID=post-test\n`, { mode: 0o600 });
  return runAgent(work, {
    command,
    env: { PATH: `${fakeDocker}:${process.env.PATH}`, ARCHNEST_AGENT_ENV_FILE: envFile, ARCHNEST_MAX_TIME: '3', ...extraEnv },
  });
}

function expectNoToken(...texts: string[]): void {
  for (const text of texts) {
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain('z'.repeat(40));
  }
}

describe('POST to ArchNest', () => {
  it('posts the report as JSON with the bearer token in a header and prints the summary', async () => {
    respond = json(200, { hostId: 'post-test', containerCount: 1, receivedAt: new Date().toISOString() });
    const result = await post();
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe("reported 1 container(s) as 'post-test' (HTTP 200)\n");
    expect(received).toHaveLength(1);
    const [req] = received;
    expect(req.method).toBe('POST');
    expect(req.url).toBe('/api/agents/docker/report');
    expect(req.headers['content-type']).toBe('application/json');
    expect(req.headers.authorization).toBe(`Bearer ${TOKEN}`);
    const report = JSON.parse(req.body);
    expect(report).toMatchObject({ hostId: 'post-test', agentVersion: '1', containers: [{ name: 'app', restartPolicy: 'always' }] });
    expect(report.containers[0].env).toEqual([{ key: 'DB_PASSWORD', value: '********' }]);
    expect(req.body).not.toContain(SECRET);
    expectNoToken(result.stdout, result.stderr);
  });

  it('never puts the token on a command line', async () => {
    respond = json(200, { hostId: 'post-test', containerCount: 1, receivedAt: new Date().toISOString() });
    const result = await post();
    expect(result.code).toBe(0);
    const argv = readFileSync(curlLog, 'utf8');
    expect(argv).toContain('-K\n-\n'); // the config, token included, comes on stdin
    expect(argv).toContain(`${baseUrl}/api/agents/docker/report`);
    expectNoToken(argv);
    // Every place the script expands the token, reviewed: only the builtin printf feeding `curl -K -`
    // puts it anywhere, so no external command ever gets it as an argument.
    const uses = readFileSync(SCRIPT, 'utf8').split('\n').filter((l) => l.includes('${ARCHNEST_AGENT_TOKEN')).map((l) => l.trim());
    expect(uses).toEqual([
      '[[ -n "${ARCHNEST_AGENT_TOKEN:-}" ]] || missing+=("ARCHNEST_AGENT_TOKEN")',
      'case "${ARCHNEST_AGENT_TOKEN}" in',
      `printf 'header = %s\\n' "$(curl_quote "Authorization: Bearer \${ARCHNEST_AGENT_TOKEN}")"`,
      'message="${message//"${ARCHNEST_AGENT_TOKEN}"/********}"',
    ]);
  });

  it('does not leak the token when run under bash -x', async () => {
    respond = json(200, { hostId: 'post-test', containerCount: 1, receivedAt: new Date().toISOString() });
    const result = await post({}, ['bash', '-x', SCRIPT]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('xtrace disabled so the token is not printed');
    expectNoToken(result.stdout, result.stderr);
  });

  it('prints the status and the server message on 401, exits non-zero, and masks a token the server echoes', async () => {
    respond = json(401, { statusCode: 401, error: 'Unauthorized', message: `Invalid agent token (got ${TOKEN})` });
    const result = await post();
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe('archnest-agent: error: ArchNest answered HTTP 401: Invalid agent token (got ********)\n');
    expectNoToken(result.stderr);
  });

  it('names the failing fields on 400', async () => {
    respond = json(400, {
      statusCode: 400, error: 'Bad Request', message: 'Invalid agent report',
      fields: [{ path: 'containers[0].id', message: 'must be 64 hex characters' }, { path: 'hostId', message: 'too long' }],
    });
    const result = await post();
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('HTTP 400: Invalid agent report; containers[0].id: must be 64 hex characters; hostId: too long');
  });

  it.each([
    [503, 'Agent ingest is disabled: set ARCHNEST_AGENT_TOKEN on the server'],
    [413, 'Report larger than 2097152 bytes'],
  ])('prints HTTP %i with its message', async (status, message) => {
    respond = json(status, { statusCode: status, error: 'x', message });
    const result = await post();
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`archnest-agent: error: ArchNest answered HTTP ${status}: ${message}\n`);
  });

  it('shows the start of a non-JSON error page', async () => {
    respond = (res) => {
      res.writeHead(502, { 'content-type': 'text/html' });
      res.end('<html><body>Bad Gateway\n</body></html>');
    };
    const result = await post();
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('archnest-agent: error: ArchNest answered HTTP 502: <html><body>Bad Gateway</body></html>\n');
  });

  it('does not follow a redirect and says so', async () => {
    respond = (res) => {
      res.writeHead(301, { location: 'https://elsewhere.invalid/' });
      res.end();
    };
    const result = await post();
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('HTTP 301');
  });

  it('gives up on a server that never answers within ARCHNEST_MAX_TIME', async () => {
    respond = () => undefined; // the request is left hanging
    const result = await post({ ARCHNEST_MAX_TIME: '2' });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/could not POST to .*: curl: \(28\) .*timed out/i);
    expect(result.ms).toBeLessThan(5_000);
  });

  it('explains an unreachable server', async () => {
    const result = await post({ ARCHNEST_URL: 'http://127.0.0.1:9' });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/could not POST to http:\/\/127\.0\.0\.1:9\/api\/agents\/docker\/report: curl: \(7\)/);
    expectNoToken(result.stderr);
  });

  it('posts a report from the real Docker engine', async () => {
    respond = json(200, { hostId: 'post-test', containerCount: 0, receivedAt: new Date().toISOString() });
    const result = await runAgent(work, {
      env: { ARCHNEST_URL: baseUrl, ARCHNEST_AGENT_TOKEN: TOKEN, ARCHNEST_HOST_ID: 'real-engine' },
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const report = JSON.parse(received[0].body);
    expect(result.stdout).toBe(`reported ${report.containers.length} container(s) as 'real-engine' (HTTP 200)\n`);
    expect(report.hostId).toBe('real-engine');
    expect(received[0].headers.authorization).toBe(`Bearer ${TOKEN}`);
  });
});
