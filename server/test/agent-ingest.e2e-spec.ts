import { readdirSync, readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { ValidationPipe } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AGENT_REPORT_EXAMPLE } from '../src/agent-ingest/dto/agent-report.example';
import { AGENT_TOKEN, agentHeaders, sampleContainer, sampleReport } from './agent-fixtures';
import { malformedReports } from './agent-malformed-reports';
import { createTestApp, type TestApp } from './test-app';

/**
 * The ingest contract (SPEC §3): every status code, 50+ malformed reports that must all be a
 * 4xx and leave nothing behind, masking all the way to the database file, and the body limit
 * taken from the configuration at start-up.
 */
const URL = '/api/agents/docker/report';

const storedHostIds = async (t: TestApp): Promise<string[]> =>
  (await t.app.get(DataSource).query('SELECT host_id FROM docker_agent_reports ORDER BY host_id')).map((r: { host_id: string }) => r.host_id);

describe('POST /api/agents/docker/report (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ ARCHNEST_AGENT_TOKEN: AGENT_TOKEN });
  });
  afterAll(() => t.close());

  const post = (payload: unknown, headers: Record<string, string> = agentHeaders()) =>
    t.app.inject({ method: 'POST', url: URL, headers, payload: typeof payload === 'string' ? payload : JSON.stringify(payload) });

  describe('200', () => {
    it('stores a report and answers { hostId, containerCount, receivedAt }', async () => {
      const before = Date.now();
      const res = await post(sampleReport('ok-host', 3));
      expect(res.statusCode).toBe(200);
      const receipt = res.json();
      expect(receipt).toEqual({ hostId: 'ok-host', containerCount: 3, receivedAt: expect.any(String) });
      expect(Date.parse(receipt.receivedAt)).toBeGreaterThanOrEqual(before - 5);
      expect(await storedHostIds(t)).toContain('ok-host');
    });

    it('accepts the Swagger example, an empty host, and replaces the previous report of a host', async () => {
      expect((await post(AGENT_REPORT_EXAMPLE)).statusCode).toBe(200);
      expect((await post({ ...AGENT_REPORT_EXAMPLE, containers: [] })).json().containerCount).toBe(0);
      const rows = await t.app.get(DataSource).query('SELECT container_count FROM docker_agent_reports WHERE host_id = ?', [AGENT_REPORT_EXAMPLE.hostId]);
      expect(rows).toEqual([{ container_count: 0 }]);
    });

    it('accepts a 1,000-container report of about 1.8 MB (the route has its own 2 MiB limit, the API default is 100 KiB)', async () => {
      const report = sampleReport('big-host', 1000);
      expect(JSON.stringify(report).length).toBeGreaterThan(1_500_000);
      const res = await post(report);
      expect(res.statusCode).toBe(200);
      expect(res.json().containerCount).toBe(1000);
    });

    it('validates once: the global ValidationPipe does not run class-validator again on the report', async () => {
      const classValidator = jest.spyOn(ValidationPipe.prototype as unknown as { validate: () => unknown }, 'validate');
      try {
        expect((await post(sampleReport('pipe-host', 50))).statusCode).toBe(200);
        expect(classValidator).not.toHaveBeenCalled();
        // The spy does see the pipe where it works: a login body goes through class-validator.
        await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'x' } });
        expect(classValidator).toHaveBeenCalled();
      } finally {
        classValidator.mockRestore();
      }
    });

    it('accepts application/json with a charset', async () => {
      const res = await post(sampleReport('charset-host', 1), { ...agentHeaders(), 'content-type': 'application/json; charset=utf-8' });
      expect(res.statusCode).toBe(200);
    });
  });

  describe('401', () => {
    const cases: [string, Record<string, string>][] = [
      ['no Authorization header', { 'content-type': 'application/json' }],
      ['a wrong token', agentHeaders('wrong-token-0123456789abcdef')],
      ['a wrong token of another length', agentHeaders('short')],
      ['the token with one character more', agentHeaders(`${AGENT_TOKEN}x`)],
      ['an empty bearer', { authorization: 'Bearer ', 'content-type': 'application/json' }],
      ['another scheme', { authorization: `Basic ${AGENT_TOKEN}`, 'content-type': 'application/json' }],
      ['the token without a scheme', { authorization: AGENT_TOKEN, 'content-type': 'application/json' }],
    ];
    it.each(cases)('%s → 401 with one message, nothing stored', async (_, headers) => {
      const res = await post(sampleReport('unauthorized-host', 1), headers);
      expect(res.statusCode).toBe(401);
      expect(res.json()).toEqual({
        statusCode: 401,
        error: 'Unauthorized',
        message: 'a valid agent token is required: send Authorization: Bearer <ARCHNEST_AGENT_TOKEN>',
      });
      expect(res.body).not.toContain(AGENT_TOKEN);
      expect(await storedHostIds(t)).not.toContain('unauthorized-host');
    });

    it('checks the token before the body: an invalid report without a token is a 401, not a 400', async () => {
      const res = await post({ nonsense: true }, { 'content-type': 'application/json' });
      expect(res.statusCode).toBe(401);
    });

    it('a user JWT is not an agent token', async () => {
      const { authorization } = await t.login();
      const res = await post(sampleReport('jwt-host', 1), { authorization, 'content-type': 'application/json' });
      expect(res.statusCode).toBe(401);
    });
  });

  describe('413 and 415', () => {
    it('refuses a body above ARCHNEST_AGENT_MAX_BODY_BYTES (default 2 MiB) with 413', async () => {
      const report = sampleReport('too-big-host', 1000);
      report.containers.forEach((c) => (c.command = 'x'.repeat(500)));
      const body = JSON.stringify(report);
      expect(body.length).toBeGreaterThan(2 * 1024 * 1024);
      const res = await post(body);
      expect(res.statusCode).toBe(413);
      expect(res.json()).toMatchObject({ statusCode: 413, error: 'Payload Too Large' });
      expect(await storedHostIds(t)).not.toContain('too-big-host');
    });

    it.each([
      ['text/plain', 415],
      ['application/xml', 415],
      ['application/x-www-form-urlencoded', 415],
      ['multipart/form-data; boundary=x', 415],
    ])('Content-Type %s → %i', async (contentType, status) => {
      const res = await post(sampleReport('content-type-host', 1), { ...agentHeaders(), 'content-type': contentType });
      expect(res.statusCode).toBe(status);
      // Fastify refuses these before the route runs; the message is its own ("Unsupported Media Type").
      expect(res.json()).toMatchObject({ statusCode: 415, error: 'Unsupported Media Type', message: expect.any(String) });
      expect(await storedHostIds(t)).not.toContain('content-type-host');
    });

    it('no Content-Type at all → 415', async () => {
      const res = await t.app.inject({ method: 'POST', url: URL, headers: { authorization: `Bearer ${AGENT_TOKEN}` }, payload: Buffer.from(JSON.stringify(sampleReport('no-ct-host', 1))) });
      expect(res.statusCode).toBe(415);
    });
  });

  describe('400: malformed reports are refused, never a 5xx, nothing stored', () => {
    const cases = malformedReports();

    it('has at least 50 cases', () => {
      expect(cases.length).toBeGreaterThanOrEqual(50);
    });

    it.each(cases.map((c) => [c.name, c] as const))('%s', async (_, c) => {
      const res = await post(c.body, c.contentType ? { ...agentHeaders(), 'content-type': c.contentType } : agentHeaders());
      expect({ status: res.statusCode }).toEqual({ status: c.status ?? 400 });
      const body = res.json();
      expect(body).toMatchObject({ statusCode: c.status ?? 400, error: expect.any(String), message: expect.any(String) });
      if (c.path) {
        expect(body.fields.map((f: { path: string }) => f.path)).toContain(c.path);
        expect(body.message).toContain(c.path);
      }
      // Errors name fields; they never echo what was sent (huge strings, secrets).
      expect(res.body.length).toBeLessThan(12_000);
      expect(res.body).not.toContain('hunter2');
    });

    it('stored none of them', async () => {
      const stored = await storedHostIds(t);
      expect(stored.filter((id) => id.startsWith('bad-'))).toEqual([]);
      expect(stored).not.toContain('');
    });
  });

  describe('masking', () => {
    it('masks secret-looking env values whatever the agent sent: not in any response, not in the SQLite files', async () => {
      const secret = 'hunter2-very-secret-value';
      const report = sampleReport('mask-host', 2);
      report.containers[0].env = [
        { key: 'DB_PASSWORD', value: secret },
        { key: 'my_api_key', value: secret },
        { key: 'OAUTH_CLIENT_SECRET', value: secret },
        { key: 'GIT_TOKEN', value: secret },
        { key: 'VISIBLE', value: 'plain-value' },
      ];
      expect((await post(report)).statusCode).toBe(200);
      const headers = await t.login();
      const responses = await Promise.all(
        ['/api/agents/docker/hosts', '/api/agents/docker/hosts/mask-host/containers', `/api/agents/docker/hosts/mask-host/containers/${report.containers[0].id}`].map((url) =>
          t.app.inject({ method: 'GET', url, headers }),
        ),
      );
      for (const res of responses) {
        expect(res.statusCode).toBe(200);
        expect(res.body).not.toContain(secret);
      }
      const detail = responses[2].json();
      expect(detail.env).toEqual([
        { key: 'DB_PASSWORD', value: '********' },
        { key: 'my_api_key', value: '********' },
        { key: 'OAUTH_CLIENT_SECRET', value: '********' },
        { key: 'GIT_TOKEN', value: '********' },
        { key: 'VISIBLE', value: 'plain-value' },
      ]);
      // The database file and its write-ahead log, byte for byte.
      const files = readdirSync(t.dataDir).filter((f) => f.startsWith('archnest.sqlite'));
      expect(files).toContain('archnest.sqlite');
      for (const file of files) expect(readFileSync(join(t.dataDir, file)).includes(Buffer.from(secret))).toBe(false);
      expect(files.some((file) => readFileSync(join(t.dataDir, file)).includes(Buffer.from('plain-value')))).toBe(true);
    });
  });
});

describe('agent ingest while ARCHNEST_AGENT_TOKEN is unset (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({});
  });
  afterAll(() => t.close());

  it.each([
    ['with a token', agentHeaders()],
    ['without a token', { 'content-type': 'application/json' }],
  ])('answers 503 %s and stores nothing', async (_, headers) => {
    const res = await t.app.inject({ method: 'POST', url: URL, headers, payload: JSON.stringify(sampleReport('disabled-host', 1)) });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toEqual({ statusCode: 503, error: 'Service Unavailable', message: 'agent ingest is disabled: set ARCHNEST_AGENT_TOKEN' });
    expect(await storedHostIds(t)).toEqual([]);
  });
});

describe('agent ingest with ARCHNEST_AGENT_MAX_BODY_BYTES=65536 (e2e, real port)', () => {
  let t: TestApp;
  let port: number;
  beforeAll(async () => {
    t = await createTestApp({ ARCHNEST_AGENT_TOKEN: AGENT_TOKEN, ARCHNEST_AGENT_MAX_BODY_BYTES: '65536' });
    await t.app.listen(0, '127.0.0.1');
    port = (t.app.getHttpServer().address() as AddressInfo).port;
  });
  afterAll(() => t.close());

  /** A raw HTTP POST, optionally chunked (no Content-Length: the limit must hold while streaming). */
  const send = (body: string, chunked: boolean) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const headers: Record<string, string> = agentHeaders();
      if (!chunked) headers['content-length'] = String(Buffer.byteLength(body));
      const req = httpRequest({ host: '127.0.0.1', port, path: URL, method: 'POST', headers }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      });
      req.on('error', reject);
      if (chunked) {
        for (let i = 0; i < body.length; i += 8192) req.write(body.slice(i, i + 8192));
      } else req.write(body);
      req.end();
    });

  it('takes the limit from the configuration: 413 above it, 200 below it', async () => {
    const large = JSON.stringify(sampleReport('limit-host', 50));
    expect(large.length).toBeGreaterThan(65536);
    expect((await send(large, false)).status).toBe(413);
    expect((await send(large, true)).status).toBe(413);
    const small = JSON.stringify(sampleReport('limit-host', 20));
    expect(small.length).toBeLessThan(65536);
    expect(await send(small, true)).toMatchObject({ status: 200 });
    expect(await storedHostIds(t)).toEqual(['limit-host']);
  });

  it('leaves every other route at the API default limit', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ username: 'admin', password: 'x'.repeat(200 * 1024) }),
    });
    expect(res.statusCode).toBe(413);
  });

  it('still answers 200 for a one-container report', async () => {
    const res = await send(JSON.stringify({ ...sampleReport('tiny-host', 0), containers: [sampleContainer(1)] }), false);
    expect(res.status).toBe(200);
  });
});
