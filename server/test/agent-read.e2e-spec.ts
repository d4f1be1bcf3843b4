import { AGENT_TOKEN, agentHeaders, sampleContainer, sampleReport } from './agent-fixtures';
import { createTestApp, type TestApp } from './test-app';

/** The read side (SPEC §3): who may read and forget, lookups by id/prefix/name, staleness, clock skew, Swagger. */
const HOSTS = '/api/agents/docker/hosts';
const STALE_MS = 1500;

describe('agent read endpoints (e2e)', () => {
  let t: TestApp;
  let member: { authorization: string };
  let admin: { authorization: string };

  const report = async (body: object) => {
    const res = await t.app.inject({ method: 'POST', url: '/api/agents/docker/report', headers: agentHeaders(), payload: JSON.stringify(body) });
    expect(res.statusCode).toBe(200);
    return res.json() as { receivedAt: string };
  };
  const get = (url: string, headers: object = member) => t.app.inject({ method: 'GET', url, headers: headers as Record<string, string> });
  const host = async (hostId: string) => (await get(HOSTS)).json().find((h: { hostId: string }) => h.hostId === hostId);

  beforeAll(async () => {
    t = await createTestApp({ ARCHNEST_AGENT_TOKEN: AGENT_TOKEN, ARCHNEST_AGENT_STALE_MS: String(STALE_MS) });
    admin = await t.login();
    member = await t.userHeaders('member');
    await report(sampleReport('read-host', 5));
  });
  afterAll(() => t.close());

  it('needs a logged-in user for every read, and admin to forget', async () => {
    for (const url of [HOSTS, `${HOSTS}/read-host/containers`, `${HOSTS}/read-host/containers/svc-1`]) {
      expect((await t.app.inject({ method: 'GET', url })).statusCode).toBe(401);
      expect((await get(url, { authorization: `Bearer ${AGENT_TOKEN}` })).statusCode).toBe(401);
    }
    expect((await t.app.inject({ method: 'DELETE', url: `${HOSTS}/read-host` })).statusCode).toBe(401);
    const forbidden = await t.app.inject({ method: 'DELETE', url: `${HOSTS}/read-host`, headers: member });
    expect(forbidden.statusCode).toBe(403);
    expect((await get(`${HOSTS}/read-host/containers`)).statusCode).toBe(200);
  });

  it('lists hosts with the small columns, stale and clock-skew flags', async () => {
    const row = await host('read-host');
    expect(row).toEqual({
      hostId: 'read-host',
      hostname: 'read-host.example.com',
      agentVersion: '1',
      containerCount: 5,
      reportedAt: expect.stringMatching(/Z$/),
      receivedAt: expect.stringMatching(/Z$/),
      stale: false,
      clockSkewMs: expect.any(Number),
      clockSkewWarning: false,
    });
  });

  it('flags a host stale after ARCHNEST_AGENT_STALE_MS without a report, and fresh again after the next one', async () => {
    const { receivedAt } = await report(sampleReport('stale-host', 1));
    expect((await host('stale-host')).stale).toBe(false);
    await new Promise((r) => setTimeout(r, Date.parse(receivedAt) + STALE_MS + 100 - Date.now()));
    expect((await host('stale-host')).stale).toBe(true);
    await report(sampleReport('stale-host', 2));
    expect(await host('stale-host')).toMatchObject({ stale: false, containerCount: 2 });
  });

  it('warns about clock skew beyond 30 s either way, judged by the server clock', async () => {
    await report({ ...sampleReport('behind-host', 1), reportedAt: new Date(Date.now() - 60_000).toISOString() });
    await report({ ...sampleReport('ahead-host', 1), reportedAt: new Date(Date.now() + 45_000).toISOString() });
    await report({ ...sampleReport('close-host', 1), reportedAt: new Date(Date.now() - 5_000).toISOString() });
    const behind = await host('behind-host');
    expect(behind.clockSkewWarning).toBe(true);
    expect(behind.clockSkewMs).toBeLessThan(-59_000);
    expect(behind.stale).toBe(false); // the agent's clock cannot make a host look stale (or fresh)
    expect((await host('ahead-host')).clockSkewWarning).toBe(true);
    expect((await host('close-host')).clockSkewWarning).toBe(false);
  });

  it('lists a host\'s containers as summary rows', async () => {
    const res = await get(`${HOSTS}/read-host/containers`);
    expect(res.statusCode).toBe(200);
    const rows = res.json();
    expect(rows).toHaveLength(5);
    const expected = sampleContainer(0);
    expect(rows[0]).toEqual({
      id: expected.id, name: expected.name, image: expected.image, imageId: expected.imageId, state: expected.state, status: expected.status,
      health: expected.health, createdAt: expected.createdAt, startedAt: expected.startedAt, ports: expected.ports, labels: expect.any(Object), stats: expected.stats,
    });
  });

  it('finds one container by full id, unique prefix or name; 409 for an ambiguous prefix; 404 otherwise', async () => {
    const [a, b] = [sampleContainer(0, 'e'), sampleContainer(1, 'e')];
    b.id = `f${a.id.slice(1, 10)}${b.id.slice(10)}`;
    await report({ ...sampleReport('lookup-host', 0), containers: [a, b, { ...sampleContainer(2, 'e'), id: `${a.id.slice(0, 6)}${'9'.repeat(58)}` }] });
    const detail = async (ref: string) => get(`${HOSTS}/lookup-host/containers/${ref}`);
    expect((await detail(a.id)).json()).toMatchObject({ id: a.id, env: a.env, mounts: a.mounts, command: a.command });
    expect((await detail(b.name)).json().id).toBe(b.id);
    expect((await detail(b.id.slice(0, 4))).json().id).toBe(b.id);
    const ambiguous = await detail(a.id.slice(0, 6));
    expect(ambiguous.statusCode).toBe(409);
    expect(ambiguous.json().message).toMatch(/ambiguous.*2 containers/);
    expect((await detail(a.id.slice(0, 7))).json().id).toBe(a.id);
    expect((await detail(a.id.slice(0, 3))).statusCode).toBe(404);
    expect((await detail('no-such-name')).statusCode).toBe(404);
    expect((await get(`${HOSTS}/no-such-host/containers/${a.id}`)).statusCode).toBe(404);
    expect((await get(`${HOSTS}/no-such-host/containers`)).json()).toEqual({
      statusCode: 404, error: 'Not Found', message: "No agent host 'no-such-host': it has never reported, or it was forgotten",
    });
  });

  it('serves the latest report after a new one arrives (no stale copy of the previous one)', async () => {
    const first = sampleReport('fresh-host', 2);
    await report(first);
    const url = `${HOSTS}/fresh-host/containers/${first.containers[1].name}`;
    expect((await get(url)).json().image).toBe(first.containers[1].image);
    expect((await get(url)).json().image).toBe(first.containers[1].image);
    const second = structuredClone(first);
    second.containers[1].image = 'registry.example.com/team/service-1:2.0.0';
    second.containers.pop();
    second.containers.push({ ...first.containers[1], image: 'busybox:new' });
    await report(second);
    expect((await get(url)).json().image).toBe('busybox:new');
    expect((await get(`${HOSTS}/fresh-host/containers`)).json().map((c: { image: string }) => c.image)).toEqual([first.containers[0].image, 'busybox:new']);
  });

  it('validates path parameters (400)', async () => {
    for (const url of [
      `${HOSTS}/bad%20host/containers`,
      `${HOSTS}/${'h'.repeat(129)}/containers`,
      `${HOSTS}/bad%2Fhost/containers`,
      `${HOSTS}/b%C3%A4d/containers`,
      `${HOSTS}/read-host/containers/${'n'.repeat(257)}`,
      `${HOSTS}/read-host/containers/${'n'.repeat(512)}`,
      `${HOSTS}/read-host/containers/.hidden`,
      `${HOSTS}/read-host/containers/a%2Fb`,
      `${HOSTS}/read-host/containers/%00`,
    ]) {
      const res = await get(url);
      expect({ url, status: res.statusCode }).toEqual({ url, status: 400 });
      expect(res.json().message).toMatch(/hostId|containerId/);
    }
    const res = await t.app.inject({ method: 'DELETE', url: `${HOSTS}/bad%20host`, headers: admin });
    expect(res.statusCode).toBe(400);
    // Beyond 512 characters Fastify's router answers first: still a 4xx, never a lookup.
    expect((await get(`${HOSTS}/read-host/containers/${'n'.repeat(513)}`)).statusCode).toBe(414);
  });

  it('lets an admin forget a host (204), after which it is unknown (404) until it reports again', async () => {
    await report(sampleReport('forget-host', 2));
    const res = await t.app.inject({ method: 'DELETE', url: `${HOSTS}/forget-host`, headers: admin });
    expect(res.statusCode).toBe(204);
    expect(res.body).toBe('');
    expect(await host('forget-host')).toBeUndefined();
    expect((await get(`${HOSTS}/forget-host/containers`)).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'DELETE', url: `${HOSTS}/forget-host`, headers: admin })).statusCode).toBe(404);
    await report(sampleReport('forget-host', 1));
    expect((await host('forget-host')).containerCount).toBe(1);
  });

  it('documents every agent route in Swagger, the agent-token scheme on ingest and the report schema with examples', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/docs-json' })).json();
    const ingest = doc.paths['/api/agents/docker/report'].post;
    expect(ingest.security).toEqual([{ 'agent-token': [] }]);
    expect(Object.keys(ingest.responses)).toEqual(expect.arrayContaining(['200', '400', '401', '413', '415', '503']));
    const body = ingest.requestBody.content['application/json'];
    expect(body.schema.$ref).toBe('#/components/schemas/AgentReportDto');
    expect(Object.keys(body.examples)).toEqual(['report', 'empty']);
    const reportSchema = doc.components.schemas.AgentReportDto;
    expect(reportSchema.required).toEqual(expect.arrayContaining(['hostId', 'hostname', 'agentVersion', 'reportedAt', 'containers']));
    expect(reportSchema.properties.containers.maxItems).toBe(1000);
    expect(reportSchema.properties.hostId.pattern).toBe('^[A-Za-z0-9._-]{1,128}$');
    for (const [path, method] of [
      ['/api/agents/docker/hosts', 'get'],
      ['/api/agents/docker/hosts/{hostId}/containers', 'get'],
      ['/api/agents/docker/hosts/{hostId}/containers/{containerId}', 'get'],
      ['/api/agents/docker/hosts/{hostId}', 'delete'],
    ]) {
      expect(doc.paths[path][method].security).toEqual([{ 'user-jwt': [] }]);
    }
    expect(doc.paths['/api/agents/docker/hosts/{hostId}'].delete.responses).toHaveProperty('403');
    expect(doc.paths['/api/agents/docker/hosts/{hostId}/containers/{containerId}'].get.responses).toHaveProperty('409');
  });
});
