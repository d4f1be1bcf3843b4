// The bad-input corpus: path parameters, query strings and bodies that a broken client, a fuzzer
// or an attacker sends, each with the status the API must answer. Path cases are generated from
// the route table, so a new route gets them without anyone listing it here.

export type Caller = 'admin' | 'agent';

export interface BadCase {
  name: string;
  method: string;
  url: string;
  as: Caller;
  expect: number;
  /** A string is sent as is (with `contentType`, default application/json); an object as JSON. */
  payload?: string | object;
  contentType?: string;
  /** Sent over a real socket byte for byte: an HTTP client library would resolve `..` or re-encode the path first. */
  raw?: boolean;
}

/** Values that must never pass as a numeric `:id`. */
const BAD_IDS = [
  'abc', '0', '-1', '1.5', '1e3', '0x1f', '+1', ' 1', '1 ', '01', '2147483648', '99999999999999999999', 'NaN', 'Infinity',
  'null', '１', '١', "1' OR '1'='1", '1;DROP TABLE users', '../1', '1\u0000', '\u202e1', '1,2',
];
/** Values that must never pass as a container ref (TCP/SSH: they reach an engine URL or a remote shell). */
const BAD_REFS = [
  '.hidden', '-rf', '--help', '../etc', 'a b', 'x'.repeat(129), '$(id)', '`id`', "x';rm -rf /;'", 'a|b', 'a&b', 'a>b', 'a\nb', 'a\u0000b',
  '😀', 'é', '%2e%2e', '*', 'a/b',
];
const BAD_HOST_IDS = ['a b', '../etc/passwd', 'h'.repeat(129), '$(id)', "' OR 1=1 --", 'host\u0000', 'ホスト', '😀', 'a/b', '%00'];
const BAD_CONTAINER_IDS = ['.hidden', '-rf', '../x', 'a b', 'x'.repeat(257), '$(id)', "x';--", '😀', 'a/b'];
const BAD_ACTIONS = ['kill', 'exec', 'START', 'rm', 'start;id', '$(id)', 'start%00', 'inspect'];

const BAD_PARAM_VALUES: Record<string, string[]> = { id: BAD_IDS, ref: BAD_REFS, hostId: BAD_HOST_IDS, containerId: BAD_CONTAINER_IDS, action: BAD_ACTIONS };

/** Every route with parameters × every bad value of each parameter (the others stay valid). */
export function pathCases(routes: { method: string; url: string }[], valid: (url: string) => Record<string, string | number>): BadCase[] {
  const cases: BadCase[] = [];
  for (const route of routes) {
    const params = [...route.url.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1]);
    for (const param of params) {
      const values = BAD_PARAM_VALUES[param];
      if (!values) throw new Error(`no bad values for :${param} (${route.method} ${route.url}): add them to bad-input-cases.ts`);
      for (const value of [...values, 'p'.repeat(600)]) {
        const filled = { ...valid(route.url), [param]: value };
        const url = route.url.replace(/:([A-Za-z0-9_]+)/g, (_, name: string) => encodeURIComponent(String(filled[name])));
        // Longer than the router's 512-character parameter limit: 414 before any of our code.
        const expect = value.length > 512 ? 414 : 400;
        cases.push({ name: `${route.method} ${route.url} :${param}=${JSON.stringify(value.slice(0, 24))}`, method: route.method, url, as: 'admin', expect });
      }
    }
  }
  return cases;
}

/** Attacks on any JSON body route, whatever its schema. `limit` is the route's body limit in bytes. */
export function genericBodyCases(method: string, url: string, as: Caller, limit: number, valid: object): BadCase[] {
  const c = (name: string, expect: number, payload: string, contentType = 'application/json'): BadCase => ({ name: `${method} ${url} ${name}`, method, url, as, expect, payload, contentType });
  const nested = '{"a":'.repeat(5000) + '1' + '}'.repeat(5000);
  const big = JSON.stringify({ ...valid, padding: 'x'.repeat(limit + 1024) });
  return [
    c('invalid JSON', 400, '{"username":'),
    c('trailing garbage', 400, `${JSON.stringify(valid)}xyz`),
    c('single quotes', 400, "{'a': 1}"),
    c('JSON array', 400, '[]'),
    c('JSON array of the valid body', 400, JSON.stringify([valid])),
    c('JSON null', 400, 'null'),
    c('JSON string', 400, '"hello"'),
    c('JSON number', 400, '42'),
    c('JSON true', 400, 'true'),
    c('empty body', 400, ''),
    c('__proto__ pollution', 400, JSON.stringify(valid).replace(/^\{/, '{"__proto__":{"role":"admin","isAdmin":true},')),
    c('constructor.prototype pollution', 400, JSON.stringify(valid).replace(/^\{/, '{"constructor":{"prototype":{"role":"admin"}},')),
    c('5000 levels of nesting', 400, nested),
    c(`body over the ${limit}-byte limit`, 413, big),
    c('text/plain', 415, JSON.stringify(valid), 'text/plain'),
    c('form-urlencoded', 415, 'username=admin&password=x', 'application/x-www-form-urlencoded'),
    c('multipart', 415, '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--', 'multipart/form-data; boundary=x'),
    c('XML', 415, '<user><role>admin</role></user>', 'application/xml'),
    c('JSON under another name', 415, JSON.stringify(valid), 'application/jsonx'),
  ];
}

/** Field-level attacks per body schema: wrong types, bounds, unicode, injection strings. */
export function fieldCases(
  method: string,
  url: string,
  as: Caller,
  valid: Record<string, unknown>,
  changes: [string, Record<string, unknown> | ((body: Record<string, unknown>) => void), number?][],
): BadCase[] {
  return changes.map(([name, change, expect = 400]) => {
    const body = structuredClone(valid);
    if (typeof change === 'function') change(body);
    else Object.assign(body, change);
    return { name: `${method} ${url} ${name}`, method, url, as, expect, payload: body };
  });
}

/** Query strings of the routes that take one. */
export function queryCases(logsUrls: string[], removeUrls: string[]): BadCase[] {
  const cases: BadCase[] = [];
  const tails = ['0', '-1', '5001', 'abc', '1.5', '1e3', '99999999999999999999', '', ' 5', '0x10', 'NaN'];
  for (const url of logsUrls) {
    for (const tail of tails) cases.push({ name: `${url} tail=${JSON.stringify(tail)}`, method: 'GET', url: `${url}?tail=${encodeURIComponent(tail)}`, as: 'admin', expect: 400 });
    for (const ts of ['maybe', '2', 'yes', 'TRUE ']) cases.push({ name: `${url} timestamps=${ts}`, method: 'GET', url: `${url}?timestamps=${encodeURIComponent(ts)}`, as: 'admin', expect: 400 });
    cases.push({ name: `${url} tail twice`, method: 'GET', url: `${url}?tail=5&tail=6`, as: 'admin', expect: 400 });
    cases.push({ name: `${url} unknown parameter`, method: 'GET', url: `${url}?follow=true`, as: 'admin', expect: 400 });
    cases.push({ name: `${url} __proto__ parameter`, method: 'GET', url: `${url}?__proto__[tail]=1`, as: 'admin', expect: 400 });
  }
  for (const url of removeUrls) {
    for (const force of ['yes', 'on', '2', 'TRUE', '', 'true&force=false']) {
      cases.push({ name: `${url} force=${JSON.stringify(force)}`, method: 'DELETE', url: `${url}?force=${force}`, as: 'admin', expect: 400 });
    }
    cases.push({ name: `${url} unknown parameter`, method: 'DELETE', url: `${url}?volumes=true`, as: 'admin', expect: 400 });
  }
  return cases;
}

/** URLs that match no route, as raw request lines: traversal, encodings, wrong methods. Always a JSON 404. */
export function strayCases(): BadCase[] {
  const c = (method: string, url: string): BadCase => ({ name: `raw ${method} ${url.slice(0, 60)}`, method, url, as: 'admin', expect: 404, raw: true });
  return [
    c('GET', '/api/../etc/passwd'),
    c('GET', '/api/%2e%2e/%2e%2e/etc/passwd'),
    c('GET', '/api/users/1/../../docker/hosts'),
    c('GET', '/api//users'),
    c('GET', '/api/users%00'),
    c('GET', '/api/docker/hosts/1/containers/web/logs/../../../../users'),
    c('GET', '/api/docker/hosts/1/containers/web/exec'),
    c('GET', '/api/docker/hosts/1/containers/web/archive?path=/etc/shadow'),
    c('POST', '/api/docker/hosts/1/containers/create'),
    c('GET', '/api/docker/hosts/1/images'),
    c('GET', '/api/docker/hosts/1/_ping'),
    c('PUT', '/api/users'),
    c('PUT', '/api/users/1'),
    c('PATCH', '/api/users'),
    c('DELETE', '/api/users'),
    c('POST', '/api/health'),
    c('DELETE', '/api/auth/login'),
    c('GET', '/api/' + 'a/'.repeat(2000)),
    c('GET', '/api/unknown?x=' + 'y'.repeat(8000)),
    c('GET', '/api/docker-ssh/hosts/1/containers/web/exec?cmd=id'),
  ];
}
