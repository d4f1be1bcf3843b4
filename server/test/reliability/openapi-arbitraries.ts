// fast-check arbitraries for requests, read from the served OpenAPI document: each operation's
// path and query parameters and its request body schema. Values are mostly well formed (so the
// fuzzer gets past validation into the handlers) with a share of junk mixed in, and every field
// that could make the server connect somewhere is pinned to a closed loopback port.
import fc from 'fast-check';

export type Schema = {
  $ref?: string;
  type?: string;
  enum?: unknown[];
  pattern?: string;
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  maxItems?: number;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  nullable?: boolean;
  example?: unknown;
  additionalProperties?: boolean | Schema;
};

export interface OpenApiDoc {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

export interface Operation {
  parameters?: { name: string; in: 'path' | 'query'; required?: boolean; schema?: Schema }[];
  requestBody?: { content: Record<string, { schema: Schema }> };
  responses: Record<string, { content?: Record<string, { schema: Schema }> }>;
  security?: Record<string, unknown>[];
}

/**
 * Where a generated value could reach the network it is one of these: nothing listens on port 1
 * or 9 of the loopback, so no test engine, sshd or database is ever touched, and nothing leaves
 * the machine. The junk put in their place by a mutation always holds a character no host name or
 * URL may contain, so it fails validation instead of being resolved.
 */
const SAFE: Record<string, fc.Arbitrary<unknown>> = {
  url: fc.constantFrom('tcp://127.0.0.1:1', 'https://127.0.0.1:1', 'tcp://localhost:9', 'https://[::1]:1'),
  host: fc.constantFrom('127.0.0.1', 'localhost', '::1'),
  port: fc.constantFrom(1, 9),
};
const SAFE_JUNK = fc.oneof(fc.string({ maxLength: 30 }).map((s) => `!${s}`), fc.integer(), fc.constant(null), fc.constant(''), fc.constantFrom(0, -1, 65536, 1.5, '22'));

/** Fields whose rules the document does not spell out as a pattern: well-formed values. */
const HINTS: Record<string, fc.Arbitrary<unknown>> = {
  username: fc.stringMatching(/^[a-z][a-z0-9._-]{2,15}$/),
  name: fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9 ._-]{0,20}$/),
  password: fc.string({ minLength: 8, maxLength: 40 }),
  reportedAt: fc.date({ min: new Date('1971-01-01'), max: new Date('2999-01-01'), noInvalidDate: true }).map((d) => d.toISOString()),
  hostKeyFingerprint: fc.stringMatching(/^SHA256:[A-Za-z0-9+/]{43}$/),
};

/** Well-formed values only the caller knows (real PEM material, existing ids), for these field names. */
export function useHints(extra: Record<string, fc.Arbitrary<unknown>>): void {
  Object.assign(HINTS, extra);
}

export function resolve(doc: OpenApiDoc, schema: Schema): Schema {
  let current = schema;
  for (let i = 0; current.$ref && i < 10; i++) current = doc.components.schemas[current.$ref.split('/').pop()!];
  return current;
}

/**
 * A body, a query value: mostly well formed (so the fuzzer gets past validation into the
 * handlers), often with exactly one thing wrong (so each check runs on its own), now and then
 * anything at all.
 */
export function valueFor(doc: OpenApiDoc, raw: Schema, name = ''): fc.Arbitrary<unknown> {
  const schema = resolve(doc, raw);
  const good = wellFormed(doc, schema, name, 0);
  const oneWrong = schema.properties ? mutated(doc, schema) : fc.oneof(junkFor(name), good);
  return fc.oneof({ arbitrary: good, weight: 6 }, { arbitrary: oneWrong, weight: 3 }, { arbitrary: fc.oneof(fc.constant(null), fc.jsonValue({ maxDepth: 2 })), weight: 1 });
}

function junkFor(name: string): fc.Arbitrary<unknown> {
  return SAFE[name] ? SAFE_JUNK : fc.oneof(fc.constant(null), fc.string({ maxLength: 30 }), fc.integer(), fc.boolean(), fc.jsonValue({ maxDepth: 1 }));
}

function wellFormed(doc: OpenApiDoc, raw: Schema, name: string, depth: number): fc.Arbitrary<unknown> {
  if (SAFE[name]) return SAFE[name];
  if (HINTS[name]) return HINTS[name];
  const schema = resolve(doc, raw);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  switch (schema.type) {
    case 'string': {
      if (schema.pattern) return fc.stringMatching(new RegExp(schema.pattern));
      if (schema.format === 'date-time') return HINTS.reportedAt;
      return fc.string({ minLength: schema.minLength ?? 0, maxLength: Math.min(schema.maxLength ?? 40, 80) });
    }
    case 'integer':
    case 'number':
      return fc.integer({ min: Math.max(schema.minimum ?? 0, -2_147_483_648), max: Math.min(schema.maximum ?? 1_000_000, 2_147_483_647) });
    case 'boolean':
      return fc.boolean();
    case 'array':
      if (depth > 3 || !schema.items) return fc.constant([]);
      return fc.array(wellFormed(doc, schema.items, '', depth + 1), { maxLength: Math.min(schema.maxItems ?? 3, 3) });
    default:
      if (!schema.properties || depth > 3) {
        return schema.additionalProperties ? fc.dictionary(fc.string({ maxLength: 10 }), fc.string({ maxLength: 10 }), { maxKeys: 3 }) : fc.constant({});
      }
      return recordFor(doc, schema, depth);
  }
}

function recordFor(doc: OpenApiDoc, schema: Schema, depth: number): fc.Arbitrary<Record<string, unknown>> {
  const shape: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [key, property] of Object.entries(schema.properties ?? {})) shape[key] = wellFormed(doc, property, key, depth + 1);
  return fc.record(shape, { requiredKeys: (schema.required ?? []).filter((k) => k in shape) }) as fc.Arbitrary<Record<string, unknown>>;
}

/** A well-formed object with one fault: a field of the wrong kind, a field nobody declared, or a required one missing. */
function mutated(doc: OpenApiDoc, schema: Schema): fc.Arbitrary<Record<string, unknown>> {
  const keys = Object.keys(schema.properties ?? {});
  const record = recordFor(doc, schema, 0);
  if (keys.length === 0) return record;
  return fc.oneof(
    fc.tuple(record, fc.constantFrom(...keys)).chain(([r, key]) => junkFor(key).map((junk) => ({ ...r, [key]: junk }))),
    fc.tuple(record, fc.string({ minLength: 1, maxLength: 12 }).filter((k) => !(k in SAFE) && !keys.includes(k)), fc.jsonValue({ maxDepth: 1 })).map(([r, k, v]) => ({ ...r, [k]: v })),
    fc.tuple(record, fc.constantFrom(...(schema.required?.length ? schema.required : keys))).map(([r, k]) => omit(r, k)),
  );
}

function omit(record: Record<string, unknown>, key: string): Record<string, unknown> {
  const copy = { ...record };
  delete copy[key];
  return copy;
}

export interface FuzzRequest {
  path: string;
  query: string;
  body?: unknown;
}

/**
 * Requests for one operation. Path parameters come from `pools` (existing and unknown objects)
 * plus junk, so handlers see real objects as well as missing ones.
 */
export function requestFor(doc: OpenApiDoc, path: string, op: Operation, pools: Record<string, fc.Arbitrary<string>>): fc.Arbitrary<FuzzRequest> {
  const params = op.parameters ?? [];
  const pathParams: Record<string, fc.Arbitrary<string>> = {};
  for (const p of params.filter((p) => p.in === 'path')) {
    const pool = pools[p.name];
    if (!pool) throw new Error(`no value pool for path parameter ${p.name} of ${path}`);
    pathParams[p.name] = fc.oneof({ arbitrary: pool, weight: 5 }, { arbitrary: fc.string({ minLength: 1, maxLength: 20 }), weight: 1 });
  }
  const queryParams: Record<string, fc.Arbitrary<unknown>> = {};
  for (const p of params.filter((p) => p.in === 'query')) queryParams[p.name] = valueFor(doc, p.schema ?? {}, p.name);
  const bodySchema = op.requestBody?.content['application/json']?.schema;
  return fc.record({
    pathValues: fc.record(pathParams),
    queryValues: fc.record(queryParams, { requiredKeys: [] }),
    body: bodySchema ? valueFor(doc, bodySchema) : fc.constant(undefined),
  }).map(({ pathValues, queryValues, body }) => ({
    path: path.replace(/\{([A-Za-z0-9_]+)\}/g, (_, name: string) => encodeURIComponent((pathValues as Record<string, string>)[name])),
    query: new URLSearchParams(Object.entries(queryValues).map(([k, v]): [string, string] => [k, typeof v === 'string' ? v : JSON.stringify(v)])).toString(),
    body,
  }));
}
