import { Type, plainToInstance } from 'class-transformer';
import { IsInt, IsOptional, IsString, Min, ValidateIf, ValidateNested, validateSync } from 'class-validator';
import fc from 'fast-check';
import { CONTAINER_STATES, HEALTH_STATES } from '../containers/dto/container.dto';
import { AgentReportDto } from './dto/agent-report.dto';
import { AGENT_REPORT_EXAMPLE } from './dto/agent-report.example';
import { deriveJsonSchema, type JsonSchema } from './dto-json-schema';
import { compileDtoValidator } from './dto-validator';

/**
 * The derived schema must decide exactly like class-validator on the same DTO (the single
 * source of truth), so the fast path never accepts what the DTO refuses, nor the reverse.
 */
const validator = compileDtoValidator(AgentReportDto);
const ajvAccepts = (value: unknown) => validator.validate(value).valid;
/** What the global ValidationPipe would decide (same options as common/pipes/validation.ts); a body that is not an object is refused. */
const classValidatorAccepts = (value: unknown) =>
  typeof value === 'object' && value !== null && !Array.isArray(value) &&
  validateSync(plainToInstance(AgentReportDto, value) as object, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true }).length === 0;
/** As the server sees it: through JSON (NaN and Infinity become null, -0 becomes 0). */
const overTheWire = (value: unknown) => JSON.parse(JSON.stringify(value)) as unknown;

const hex = (length: number) => fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: length, maxLength: length });
const textUpTo = (max: number) => fc.oneof(fc.string({ maxLength: 8 }), fc.integer({ min: Math.max(0, max - 2), max }).map((n) => 'x'.repeat(n)));
const iso = fc.date({ min: new Date('1970-01-02T00:00:00Z'), max: new Date('2999-12-30T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString());
const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null });
const count = fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 2_147_483_647 }));
const bytes = fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 2 ** 40 }), fc.double({ min: 0, max: 1e12, noNaN: true }));

const validContainer = fc.record(
  {
    id: hex(64),
    name: textUpTo(256),
    image: textUpTo(1024),
    imageId: optional(textUpTo(256)),
    state: fc.constantFrom(...CONTAINER_STATES),
    status: optional(textUpTo(256)),
    createdAt: optional(iso),
    startedAt: optional(iso),
    finishedAt: optional(iso),
    exitCode: optional(count),
    restartCount: optional(count),
    restartPolicy: optional(textUpTo(64)),
    health: optional(fc.constantFrom(...HEALTH_STATES)),
    ports: fc.array(fc.record({ hostIp: optional(textUpTo(64)), hostPort: optional(fc.integer({ min: 0, max: 65535 })), containerPort: fc.integer({ min: 0, max: 65535 }), proto: fc.constantFrom('tcp', 'udp', 'sctp') }, { requiredKeys: ['containerPort', 'proto'] }), { maxLength: 3 }),
    networks: fc.array(fc.record({ name: textUpTo(256), ip: optional(textUpTo(64)) }, { requiredKeys: ['name'] }), { maxLength: 2 }),
    mounts: fc.array(fc.record({ type: textUpTo(32), source: optional(textUpTo(4096)), destination: textUpTo(4096), rw: fc.boolean() }, { requiredKeys: ['type', 'destination', 'rw'] }), { maxLength: 2 }),
    env: fc.array(fc.record({ key: textUpTo(1024), value: optional(fc.string({ maxLength: 20 })) }, { requiredKeys: ['key'] }), { maxLength: 3 }),
    command: optional(fc.string({ maxLength: 30 })),
    entrypoint: optional(fc.string({ maxLength: 30 })),
    labels: fc.dictionary(fc.string({ maxLength: 12 }), fc.string({ maxLength: 12 }), { maxKeys: 3 }),
    stats: optional(fc.record({ cpuPercent: optional(fc.double({ min: 0, max: 1_000_000, noNaN: true })), memUsage: optional(bytes), memLimit: optional(bytes), netRxBytes: optional(bytes), netTxBytes: optional(bytes), blockReadBytes: optional(bytes), blockWriteBytes: optional(bytes) }, { requiredKeys: [] })),
  },
  { requiredKeys: ['id', 'name', 'image', 'state'] },
);

const validReport = fc.record({
  hostId: fc.string({ unit: fc.constantFrom(...'abcXYZ019._-'), minLength: 1, maxLength: 128 }),
  hostname: textUpTo(255).filter((s) => s.length > 0),
  agentVersion: fc.constantFrom('1', '2.0.1'),
  reportedAt: iso,
  containers: fc.uniqueArray(validContainer, { maxLength: 3, selector: (c) => c.id }),
});

/** Values that sit on or just past the bounds, wrong types, numbers as strings, look-alike enums. */
const nasty: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    null, true, false, 0, -1, 1.5, -0.5, 65535, 65536, 2_147_483_647, 2_147_483_648, 1_000_001, Number.MAX_SAFE_INTEGER,
    '', '0', '5', '1.5', 'true', 'null', 'NaN', 'running', 'RUNNING', 'healthy', 'tcp', 'icmp',
    '2026-06-20T19:30:00Z', '2026-02-30T00:00:00Z', '2026-06-20', '1969-12-31T23:59:59Z', 'yesterday', 'a'.repeat(64), 'A'.repeat(64),
    'x'.repeat(33), 'x'.repeat(65), 'x'.repeat(129), 'x'.repeat(256), 'x'.repeat(257), 'x'.repeat(1025), 'x'.repeat(4097), 'x'.repeat(32769),
    '😀'.repeat(256), '😀'.repeat(257), [], [1], ['a'], {}, { a: 1 }, { a: 'b' }, { containerPort: 80, proto: 'tcp' },
  ),
  fc.jsonValue({ maxDepth: 3 }),
);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function paths(value: Json, at: (string | number)[] = []): (string | number)[][] {
  const here = [at];
  if (Array.isArray(value)) return here.concat(...value.map((v, i) => paths(v, [...at, i])));
  if (value && typeof value === 'object') return here.concat(...Object.entries(value).map(([k, v]) => paths(v, [...at, k])));
  return here;
}

/** One change at one place: replace the value, delete the key, or add an unknown key. */
function mutate(report: Json, pick: number, how: 'replace' | 'delete' | 'extra', replacement: unknown): Json {
  const copy = structuredClone(report);
  const all = paths(copy);
  const path = all[pick % all.length];
  if (path.length === 0) return how === 'replace' ? (replacement as Json) : copy;
  const parent = path.slice(0, -1).reduce<Json>((node, key) => (node as Record<string, Json>)[key], copy) as Record<string | number, Json>;
  const key = path[path.length - 1];
  if (how === 'replace') parent[key] = replacement as Json;
  else if (how === 'delete' && !Array.isArray(parent)) delete parent[key];
  else if (how === 'extra' && typeof parent[key] === 'object' && parent[key] !== null && !Array.isArray(parent[key])) (parent[key] as Record<string, Json>).unexpected = 1;
  return copy;
}

/**
 * class-validator's ValidateNested walks into an array wherever the DTO declares one nested
 * object: `stats: []`, `stats: [{…}]` and `containers: [[]]` all pass it. The schema says
 * "object", which is what the DTO means; that single, deliberate difference is left out of the
 * comparison (it is found by walking the value along the schema).
 */
function arrayWhereObjectExpected(value: unknown, schema: JsonSchema): boolean {
  const types = ([] as unknown[]).concat(schema.type ?? []);
  if (Array.isArray(value)) {
    if (types.includes('object')) return true;
    return schema.items ? value.some((item) => arrayWhereObjectExpected(item, schema.items as JsonSchema)) : false;
  }
  if (value && typeof value === 'object' && schema.properties) {
    const properties = schema.properties as Record<string, JsonSchema>;
    return Object.entries(value).some(([k, v]) => properties[k] !== undefined && arrayWhereObjectExpected(v, properties[k]));
  }
  return false;
}

describe('deriveJsonSchema(AgentReportDto)', () => {
  it('accepts the documented example', () => {
    expect(validator.validate(AGENT_REPORT_EXAMPLE)).toEqual({ valid: true });
  });

  it('refuses unknown fields at every level', () => {
    const objects: JsonSchema[] = [];
    const walk = (s: JsonSchema) => {
      if (s.properties) objects.push(s);
      for (const v of Object.values(s)) if (v && typeof v === 'object') walk(v as JsonSchema);
    };
    walk(validator.schema);
    expect(objects.length).toBe(7); // report, container, port, network, mount, env var, stats
    for (const o of objects) expect(o.additionalProperties).toBe(false);
  });

  it('accepts every valid report, like class-validator', () => {
    fc.assert(
      fc.property(validReport, (raw) => {
        const report = overTheWire(raw);
        expect(classValidatorAccepts(report)).toBe(true);
        expect(validator.validate(report)).toEqual({ valid: true });
      }),
      { numRuns: 300 },
    );
  });

  it('decides like class-validator on reports with one mutation anywhere', () => {
    let refused = 0;
    fc.assert(
      fc.property(validReport, fc.nat(), fc.constantFrom('replace', 'replace', 'replace', 'delete', 'extra'), nasty, (raw, pick, how, value) => {
        const report = overTheWire(mutate(overTheWire(raw) as Json, pick, how as 'replace', value));
        fc.pre(!arrayWhereObjectExpected(report, validator.schema));
        const expected = classValidatorAccepts(report);
        if (!expected) refused++;
        expect({ report, accepted: ajvAccepts(report) }).toEqual({ report, accepted: expected });
      }),
      { numRuns: 3000 },
    );
    // The generator must really exercise refusals, not only valid reports.
    expect(refused).toBeGreaterThan(1000);
  });

  it('refuses numbers sent as strings (no coercion)', () => {
    const report = structuredClone(AGENT_REPORT_EXAMPLE) as unknown as { containers: Record<string, unknown>[] };
    report.containers[0].exitCode = '0';
    (report.containers[0].ports as Record<string, unknown>[])[0].hostPort = '8080';
    const result = validator.validate(report);
    expect(result).toEqual({
      valid: false,
      fields: [
        { path: 'containers.0.exitCode', message: 'exitCode must be an integer number (or null)' },
        { path: 'containers.0.ports.0.hostPort', message: 'hostPort must be an integer number (or null)' },
      ],
    });
    expect(report.containers[0].exitCode).toBe('0');
  });

  it('names each failing field with a dotted path and never echoes values', () => {
    const secret = 'super-secret-value-' + 'z'.repeat(40_000);
    const report = structuredClone(AGENT_REPORT_EXAMPLE) as unknown as Record<string, unknown> & { containers: Record<string, unknown>[] };
    report.hostId = '../etc/passwd';
    report.extra = true;
    report.containers[0].state = 'zombie';
    report.containers[0].env = [{ key: 'DB_PASSWORD', value: secret }];
    report.containers[0].labels = { 'a/b~c': 'ok', bad: 1 };
    delete report.containers[0].name;
    const result = validator.validate(report);
    if (result.valid) throw new Error('expected a refusal');
    expect(result.fields.map((f) => f.path).sort()).toEqual(
      ['containers.0.env.0.value', 'containers.0.labels', 'containers.0.name', 'containers.0.state', 'extra', 'hostId'].sort(),
    );
    expect(JSON.stringify(result.fields)).not.toContain('super-secret');
    expect(result.fields.find((f) => f.path === 'containers.0.state')?.message).toBe(
      'state must be one of the following values: running, exited, paused, created, restarting, removing, dead',
    );
  });

  it('says the body must be an object when it is not', () => {
    expect(validator.validate([])).toEqual({ valid: false, fields: [{ path: 'body', message: 'the body must be a JSON object (AgentReportDto)' }] });
  });
});

describe('deriveJsonSchema refuses what it cannot express', () => {
  it('ValidateIf', () => {
    class Conditional {
      @ValidateIf((o: { a?: string }) => o.a !== undefined) @IsString()
      a?: string;
    }
    expect(() => deriveJsonSchema(Conditional)).toThrow(/ValidateIf/);
  });

  it('{ each: true } on a non-nested check', () => {
    class Each {
      @IsString({ each: true })
      tags: string[];
    }
    expect(() => deriveJsonSchema(Each)).toThrow(/each/);
  });

  it('decorators no value could satisfy', () => {
    class Contradiction {
      @IsString() @Min(1)
      n: string;
    }
    expect(() => deriveJsonSchema(Contradiction)).toThrow(/both (string and number|number and string)/);
  });

  it('nested classes without @Type, and recursion', () => {
    class Leaf {
      @IsInt() n: number;
    }
    class NoType {
      @ValidateNested() leaf: Leaf;
    }
    class Tree {
      @IsOptional() @ValidateNested() @Type(() => Tree) child?: Tree;
    }
    expect(() => deriveJsonSchema(NoType)).toThrow(/@Type/);
    expect(() => deriveJsonSchema(Tree)).toThrow(/recursive/);
  });
});
