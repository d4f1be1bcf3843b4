import Ajv, { type ValidateFunction } from 'ajv';
import fc from 'fast-check';
import { AGENT_HEADERS, agentReport, create, createObservedApp, fakeHostBodies, postReport, testEnv, type Headers, type ObservedApp } from './harness';
import { requestFor, useHints, type OpenApiDoc, type Operation, type Schema } from './openapi-arbitraries';

// Property-based fuzzing of every operation in the served OpenAPI document, as anonymous, member
// and admin: no answer may be a 5xx, and every answer must match the schema its status declares
// (compiled with ajv from the same document). The agent token fuzzes the operations that declare
// it. Seeded per operation and role, so a run is repeatable; run counts are bounded so the whole
// file takes about a minute on two cores.
const RUNS: Record<Role, number> = { anonymous: 10, member: 20, admin: 60, agent: 150 };
type Role = 'anonymous' | 'member' | 'admin' | 'agent';
const UNKNOWN_ID = '2147483647';

describe('OpenAPI fuzzing (e2e)', () => {
  let t: ObservedApp;
  let doc: OpenApiDoc;
  let ajv: Ajv;
  const headers: Record<Role, Headers> = { anonymous: {}, member: {}, admin: {}, agent: AGENT_HEADERS };
  const fixtures = { tcp: 0, tls: 0, ssh: 0, users: [0, 0] };
  const validators = new Map<string, ValidateFunction>();
  const seen = new Map<string, Set<number>>();

  beforeAll(async () => {
    t = await createObservedApp();
    headers.admin = await t.login();
    headers.member = await t.userHeaders('member', 'fuzz-member');
    const res = await t.app.inject({ method: 'GET', url: '/api/docs-json' });
    doc = res.json();
    ajv = new Ajv({ strict: false, allErrors: true });
    // The one format the document uses; ajv-formats is not a dependency.
    ajv.addFormat('date-time', { type: 'string', validate: (s: string) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i.test(s) && !Number.isNaN(Date.parse(s)) });
    ajv.addSchema(doc as object, 'openapi');
    // Real PEM material and a real key now and then, so registrations get past validation; the
    // addresses stay the fake loopback ones (openapi-arbitraries.ts), so nothing is reached with them.
    const { ca, cert, key } = testEnv.dockerTls;
    useHints({
      ca: fc.constant(ca),
      cert: fc.constant(cert),
      key: fc.constant(key),
      privateKey: fc.constant(testEnv.ssh.privateKey),
      jumpHostId: fc.oneof(fc.integer({ min: 1, max: 8 }), fc.constant(2_147_483_647)),
    });
  });

  afterAll(async () => {
    // FUZZ_REPORT=1 prints the statuses each operation answered (docs/reliability.md quotes them).
    if (process.env.FUZZ_REPORT === '1') {
      process.stderr.write([...seen.entries()].map(([key, statuses]) => `${key}: ${[...statuses].sort().join(' ')}`).join('\n') + '\n');
    }
    await t?.close();
    expect(t?.recorder.leaks()).toEqual([]);
  });

  /** The fake hosts, victim users and agent host the fuzzer may hit; recreated when a DELETE took them. */
  async function ensureFixtures(): Promise<void> {
    const exists = async (url: string) => (await t.app.inject({ method: 'GET', url, headers: headers.admin })).statusCode === 200;
    const fake = fakeHostBodies(`fuzz-${Date.now()}`);
    if (!fixtures.tcp || !(await exists(`/api/docker/hosts/${fixtures.tcp}`))) fixtures.tcp = await create(t, '/api/docker/hosts', headers.admin, fake.tcp);
    if (!fixtures.tls || !(await exists(`/api/docker/hosts/${fixtures.tls}`))) fixtures.tls = await create(t, '/api/docker/hosts', headers.admin, fake.tls);
    if (!fixtures.ssh || !(await exists(`/api/docker-ssh/hosts/${fixtures.ssh}`))) fixtures.ssh = await create(t, '/api/docker-ssh/hosts', headers.admin, fake.ssh);
    for (let i = 0; i < fixtures.users.length; i++) {
      if (!fixtures.users[i] || !(await exists(`/api/users/${fixtures.users[i]}`))) {
        fixtures.users[i] = await create(t, '/api/users', headers.admin, { username: `fuzz-victim-${i}-${Date.now()}`, password: 'victim-password', role: 'member' });
      }
    }
    if (!(await exists('/api/agents/docker/hosts/fuzz-host/containers'))) await postReport(t, agentReport('fuzz-host'));
  }

  /** Existing and unknown objects for each path parameter; never the ids of the admin and member doing the fuzzing. */
  function pools(path: string): Record<string, fc.Arbitrary<string>> {
    const ids = path.startsWith('/api/users') ? fixtures.users : path.startsWith('/api/docker-ssh') ? [fixtures.ssh] : [fixtures.tcp, fixtures.tls];
    return {
      id: fc.constantFrom(...ids.map(String), UNKNOWN_ID),
      hostId: fc.constantFrom('fuzz-host', 'no-such-host'),
      containerId: fc.constantFrom('web', 'aaaa', 'a'.repeat(63) + '1', 'nope'),
      ref: fc.constantFrom('web', 'aaaaaaaaaaaa', 'nope'),
      action: fc.constantFrom('start', 'stop', 'restart', 'pause', 'unpause'),
    };
  }

  function validatorFor(schema: Schema): ValidateFunction {
    const key = JSON.stringify(schema).replaceAll('"#/components/', '"openapi#/components/');
    let validate = validators.get(key);
    if (!validate) {
      validate = ajv.compile(JSON.parse(key));
      validators.set(key, validate);
    }
    return validate;
  }

  /** Why an answer breaks its operation's contract, or null when it keeps it. */
  function problem(op: Operation, status: number, contentType: string, body: string): string | null {
    // 502/503/504 are the declared answers of an unreachable host (all hosts here are fake); 500 never is.
    if (status === 500) return `answered ${status}: ${body.slice(0, 200)}`;
    const declared = op.responses[String(status)] ?? op.responses.default;
    if (!declared) return `answered ${status}, which the operation does not declare (declared: ${Object.keys(op.responses).join(', ')}): ${body.slice(0, 120)}`;
    const schema = declared.content?.['application/json']?.schema;
    if (!schema) return body.length === 0 ? null : `answered ${status} with a body the document does not describe: ${body.slice(0, 120)}`;
    if (!contentType.startsWith('application/json')) return `answered ${status} as ${contentType}, not JSON`;
    const validate = validatorFor(schema);
    return validate(JSON.parse(body)) ? null : `answered ${status} not matching its schema: ${ajv.errorsText(validate.errors)} in ${body.slice(0, 200)}`;
  }

  async function fuzz(role: Role): Promise<{ failures: string[]; requests: number }> {
    const failures: string[] = [];
    let requests = 0;
    for (const [path, operations] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(operations)) {
        const forAgent = (op.security ?? []).some((s) => 'agent-token' in s);
        if ((role === 'agent') !== forAgent && role !== 'anonymous') continue;
        await ensureFixtures();
        const key = `${method.toUpperCase()} ${path}`;
        const property = fc.asyncProperty(requestFor(doc, path, op, pools(path)), async (request) => {
          requests++;
          const url = `${request.path}${request.query ? `?${request.query}` : ''}`;
          const res = await t.app.inject({ method: method.toUpperCase() as 'GET', url, headers: headers[role], ...(request.body === undefined ? {} : { payload: JSON.stringify(request.body), headers: { ...headers[role], 'content-type': 'application/json' } }) });
          if (!seen.has(key)) seen.set(key, new Set());
          seen.get(key)!.add(res.statusCode);
          const why = problem(op, res.statusCode, String(res.headers['content-type'] ?? ''), res.body);
          if (why) throw new Error(`${role} ${method.toUpperCase()} ${url} ${why}`);
        });
        try {
          await fc.assert(property, { seed: seedOf(`${role} ${key}`), numRuns: RUNS[role], endOnFailure: true });
        } catch (error) {
          // fast-check's report: keep our own reason (it names role, method, URL and what broke) and the seed.
          const message = (error as Error).message;
          const reason = ((error as { cause?: Error }).cause?.message ?? message).slice(0, 500);
          failures.push(`${reason} [${/seed: -?\d+/.exec(message)?.[0] ?? ''}]`);
        }
      }
    }
    return { failures, requests };
  }

  it.each<Role>(['anonymous', 'member', 'admin', 'agent'])('as %s: every operation answers without a 500 and as its schema declares', async (role) => {
    const { failures, requests } = await fuzz(role);
    expect(failures).toEqual([]);
    const operations = Object.values(doc.paths).flatMap((ops) => Object.values(ops));
    const agentOps = operations.filter((op) => (op.security ?? []).some((s) => 'agent-token' in s)).length;
    const expected = role === 'anonymous' ? operations.length : role === 'agent' ? agentOps : operations.length - agentOps;
    expect(requests).toBeGreaterThanOrEqual(expected * RUNS[role]);
  }, 300_000);

  it('reached past validation into the handlers (2xx, 404 or 502) on most operations as admin', () => {
    const deep = [...seen.entries()].filter(([, statuses]) => [...statuses].some((s) => (s >= 200 && s < 300) || s === 404 || s === 409 || s === 502));
    expect(deep.length).toBeGreaterThanOrEqual(Math.floor(seen.size * 0.8));
  });

  it('the server still answers', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: headers.admin })).statusCode).toBe(200);
  });
});

/** FNV-1a: a fixed seed per operation and role, so failures reproduce. */
function seedOf(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}
