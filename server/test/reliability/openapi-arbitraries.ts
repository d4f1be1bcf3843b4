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
 * the machine. Junk alternatives always hold a character no host name or URL may contain, so they
 * fail validation instead of being resolved.
 */
const SAFE: Record<string, fc.Arbitrary<unknown>> = {
  url: fc.oneof(fc.constantFrom('tcp://127.0.0.1:1', 'https://127.0.0.1:1', 'tcp://localhost:9', 'https://[::1]:1'), junk()),
  host: fc.oneof(fc.constantFrom('127.0.0.1', 'localhost', '::1'), junk()),
  port: fc.oneof(fc.constantFrom(1, 9), fc.constantFrom(0, -1, 65536, 1.5, '22', null)),
};

/** Fields whose rules the document does not spell out as a pattern: mostly valid, sometimes not. */
const HINTS: Record<string, fc.Arbitrary<unknown>> = {
  username: fc.oneof(fc.stringMatching(/^[a-z][a-z0-9._-]{2,15}$/), fc.string({ maxLength: 70 })),
  name: fc.oneof(fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9 ._-]{0,20}$/), fc.string({ maxLength: 70 })),
  password: fc.oneof(fc.string({ minLength: 8, maxLength: 40 }), fc.string({ maxLength: 8 })),
  reportedAt: fc.oneof(fc.date({ min: new Date('1971-01-01'), max: new Date('2999-01-01'), noInvalidDate: true }).map((d) => d.toISOString()), fc.string()),
  hostKeyFingerprint: fc.oneof(fc.stringMatching(/^SHA256:[A-Za-z0-9+/]{43}$/), fc.string({ maxLength: 60 })),
};

function junk(): fc.Arbitrary<unknown> {
  return fc.oneof(fc.string({ maxLength: 30 }).map((s) => `!${s}`), fc.integer(), fc.constant(null), fc.constant(''));
}

export function resolve(doc: OpenApiDoc, schema: Schema): Schema {
  let current = schema;
  for (let i = 0; current.$ref && i < 10; i++) current = doc.components.schemas[current.$ref.split('/').pop()!];
  return current;
}

/** An arbitrary for one schema; `depth` stops recursion, `name` picks a hint or a safe value. */
export function valueFor(doc: OpenApiDoc, raw: Schema, name = '', depth = 0): fc.Arbitrary<unknown> {
  if (SAFE[name]) return SAFE[name];
  if (HINTS[name]) return HINTS[name];
  const schema = resolve(doc, raw);
  const base = wellFormed(doc, schema, depth);
  // A sprinkle of wrong types and nulls, so type checks run too.
  return fc.oneof({ arbitrary: base, weight: 8 }, { arbitrary: fc.oneof(fc.constant(null), fc.jsonValue({ maxDepth: 2 })), weight: 1 });
}

function wellFormed(doc: OpenApiDoc, schema: Schema, depth: number): fc.Arbitrary<unknown> {
  if (schema.enum) return fc.constantFrom(...schema.enum);
  switch (schema.type) {
    case 'string': {
      if (schema.pattern) return fc.stringMatching(new RegExp(schema.pattern));
      if (schema.format === 'date-time') return fc.date({ min: new Date('1971-01-01'), max: new Date('2999-01-01'), noInvalidDate: true }).map((d) => d.toISOString());
      const text = fc.string({ minLength: schema.minLength ?? 0, maxLength: Math.min(schema.maxLength ?? 40, 80) });
      return typeof schema.example === 'string' ? fc.oneof(fc.constant(schema.example), text) : text;
    }
    case 'integer':
    case 'number':
      return fc.integer({ min: Math.max(schema.minimum ?? -1_000_000, -2_147_483_648), max: Math.min(schema.maximum ?? 1_000_000, 2_147_483_647) });
    case 'boolean':
      return fc.boolean();
    case 'array':
      if (depth > 3 || !schema.items) return fc.constant([]);
      return fc.array(valueFor(doc, schema.items, '', depth + 1), { maxLength: Math.min(schema.maxItems ?? 3, 3) });
    case 'object':
    default:
      if (!schema.properties || depth > 3) {
        return schema.additionalProperties ? fc.dictionary(fc.string({ maxLength: 10 }), fc.string({ maxLength: 10 }), { maxKeys: 3 }) : fc.constant({});
      }
      return objectFor(doc, schema, depth);
  }
}

function objectFor(doc: OpenApiDoc, schema: Schema, depth: number): fc.Arbitrary<Record<string, unknown>> {
  const shape: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [key, property] of Object.entries(schema.properties ?? {})) shape[key] = valueFor(doc, property, key, depth + 1);
  const record = fc.record(shape, { requiredKeys: (schema.required ?? []).filter((k) => k in shape) }) as fc.Arbitrary<Record<string, unknown>>;
  // Now and then a field nobody declared (refused by the whitelist) or a required one missing.
  return fc.oneof(
    { arbitrary: record, weight: 6 },
    { arbitrary: fc.tuple(record, fc.string({ minLength: 1, maxLength: 12 }), fc.jsonValue({ maxDepth: 1 })).map(([r, k, v]) => ({ ...r, [k]: v })), weight: 1 },
    { arbitrary: fc.tuple(record, fc.constantFrom(...(schema.required?.length ? schema.required : ['_']))).map(([r, k]) => omit(r, k)), weight: 1 },
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
