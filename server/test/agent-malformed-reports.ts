import { sampleContainer, sampleReport } from './agent-fixtures';

export interface MalformedCase {
  name: string;
  /** An object (sent as JSON) or raw text (sent as is). */
  body: unknown;
  /** Expected status, 400 unless said. */
  status?: number;
  /** A field path the 400 must name. */
  path?: string;
  contentType?: string;
}

type Mutable = Record<string, unknown> & { containers: Record<string, unknown>[] };

/** A valid one-container report of host `bad-<n>` changed by `change`: each case breaks exactly one rule. */
function broken(index: number, change: (r: Mutable, c: Record<string, unknown>) => void): Mutable {
  const report = sampleReport(`bad-${index}`, 1) as unknown as Mutable;
  change(report, report.containers[0]);
  return report;
}

const HUGE = 'h'.repeat(100_000);

/**
 * Hostile or broken agents: wrong types, 100k-character strings, path-like host ids, 5,000
 * containers, deep nesting, invalid or truncated JSON, numbers as strings, unknown fields,
 * negative numbers, NaN-ish values, bad enums, bad dates. The secret-looking value `hunter2`
 * appears in some bodies and must never come back in an answer.
 */
export function malformedReports(): MalformedCase[] {
  let n = 0;
  const cases: MalformedCase[] = [];
  const add = (name: string, path: string | undefined, change: (r: Mutable, c: Record<string, unknown>) => void) =>
    cases.push({ name, path, body: broken(++n, change) });

  // hostId
  add('hostId missing', 'hostId', (r) => delete r.hostId);
  add('hostId empty', 'hostId', (r) => (r.hostId = ''));
  add('hostId path traversal ../../etc/passwd', 'hostId', (r) => (r.hostId = '../../etc/passwd'));
  add('hostId with a slash', 'hostId', (r) => (r.hostId = 'bad/host'));
  add('hostId with a space', 'hostId', (r) => (r.hostId = 'bad host'));
  add('hostId with a NUL byte', 'hostId', (r) => (r.hostId = 'bad\u0000host'));
  add('hostId of 129 characters', 'hostId', (r) => (r.hostId = 'b'.repeat(129)));
  add('hostId as a number', 'hostId', (r) => (r.hostId = 42));
  add('hostId null', 'hostId', (r) => (r.hostId = null));
  add('hostId with unicode', 'hostId', (r) => (r.hostId = 'bäd-host'));
  add('hostId URL-encoded dots', 'hostId', (r) => (r.hostId = '%2e%2e'));
  // other top-level fields
  add('hostname of 100k characters', 'hostname', (r) => (r.hostname = HUGE));
  add('hostname as a number', 'hostname', (r) => (r.hostname = 7));
  add('hostname empty', 'hostname', (r) => (r.hostname = ''));
  add('agentVersion missing', 'agentVersion', (r) => delete r.agentVersion);
  add('agentVersion as an object', 'agentVersion', (r) => (r.agentVersion = { major: 1 }));
  add('reportedAt not a date', 'reportedAt', (r) => (r.reportedAt = 'yesterday'));
  add('reportedAt month 13', 'reportedAt', (r) => (r.reportedAt = '2026-13-01T00:00:00Z'));
  add('reportedAt 30 February', 'reportedAt', (r) => (r.reportedAt = '2026-02-30T00:00:00Z'));
  add('reportedAt date only', 'reportedAt', (r) => (r.reportedAt = '2026-06-20'));
  add('reportedAt without a zone', 'reportedAt', (r) => (r.reportedAt = '2026-06-20T19:30:00'));
  add('reportedAt as epoch seconds', 'reportedAt', (r) => (r.reportedAt = 1781983800));
  add('reportedAt in year 0', 'reportedAt', (r) => (r.reportedAt = '0000-01-01T00:00:00Z'));
  add('unknown top-level field', 'extra', (r) => (r.extra = 'hunter2'));
  add('prototype-looking field', 'prototype', (r) => (r.prototype = {}));
  // containers
  add('containers missing', 'containers', (r) => delete (r as Partial<Mutable>).containers);
  add('containers as an object', 'containers', (r) => ((r as Record<string, unknown>).containers = { 0: sampleContainer(0) }));
  add('containers with null', 'containers.0', (r) => (r.containers = [null as never]));
  add('containers with a string', 'containers.0', (r) => (r.containers = ['x' as never]));
  add('containers with an array', 'containers.0', (r) => (r.containers = [[] as never]));
  add('5,000 containers', 'containers', (r) => {
    r.containers = Array.from({ length: 5000 }, (_, i) => ({ id: i.toString(16).padStart(64, '0'), name: `c${i}`, image: 'busybox', state: 'running' }));
  });
  add('duplicate container ids', 'containers.1.id', (r, c) => r.containers.push({ ...c, name: 'twin' }));
  add('id too short', 'containers.0.id', (_, c) => (c.id = 'abc123'));
  add('id in upper case', 'containers.0.id', (_, c) => (c.id = String(c.id).toUpperCase()));
  add('id of 100k characters', 'containers.0.id', (_, c) => (c.id = 'a'.repeat(100_000)));
  add('name missing', 'containers.0.name', (_, c) => delete c.name);
  add('name of 100k characters', 'containers.0.name', (_, c) => (c.name = HUGE));
  add('image as an array', 'containers.0.image', (_, c) => (c.image = ['nginx']));
  add('state unknown', 'containers.0.state', (_, c) => (c.state = 'zombie'));
  add('state in upper case', 'containers.0.state', (_, c) => (c.state = 'RUNNING'));
  add('health unknown', 'containers.0.health', (_, c) => (c.health = 'sick'));
  add('exitCode negative', 'containers.0.exitCode', (_, c) => (c.exitCode = -1));
  add('exitCode fractional', 'containers.0.exitCode', (_, c) => (c.exitCode = 1.5));
  add('exitCode as a string', 'containers.0.exitCode', (_, c) => (c.exitCode = '3'));
  add('restartCount as a string', 'containers.0.restartCount', (_, c) => (c.restartCount = '0'));
  add('restartCount too large', 'containers.0.restartCount', (_, c) => (c.restartCount = 2 ** 31));
  add('createdAt not a date', 'containers.0.createdAt', (_, c) => (c.createdAt = 'not a date'));
  add('finishedAt as a number', 'containers.0.finishedAt', (_, c) => (c.finishedAt = 12345));
  add('command over 32k characters', 'containers.0.command', (_, c) => (c.command = 'x'.repeat(40_000)));
  add('unknown container field', 'containers.0.privileged', (_, c) => (c.privileged = true));
  add('ports as an object', 'containers.0.ports', (_, c) => (c.ports = { 80: 'tcp' }));
  add('containerPort 70000', 'containers.0.ports.0.containerPort', (_, c) => ((c.ports as Record<string, unknown>[])[0].containerPort = 70000));
  add('hostPort negative', 'containers.0.ports.0.hostPort', (_, c) => ((c.ports as Record<string, unknown>[])[0].hostPort = -1));
  add('hostPort as a string', 'containers.0.ports.0.hostPort', (_, c) => ((c.ports as Record<string, unknown>[])[0].hostPort = '8080'));
  add('proto icmp', 'containers.0.ports.0.proto', (_, c) => ((c.ports as Record<string, unknown>[])[0].proto = 'icmp'));
  add('unknown port field', 'containers.0.ports.0.bind', (_, c) => ((c.ports as Record<string, unknown>[])[0].bind = '0.0.0.0:80'));
  add('101 networks', 'containers.0.networks', (_, c) => (c.networks = Array.from({ length: 101 }, (_, i) => ({ name: `n${i}`, ip: null }))));
  add('mount rw as a string', 'containers.0.mounts.0.rw', (_, c) => ((c.mounts as Record<string, unknown>[])[0].rw = 'true'));
  add('env value as a number', 'containers.0.env.0.value', (_, c) => (c.env = [{ key: 'PORT', value: 80 }]));
  add('env secret of 40k characters', 'containers.0.env.0.value', (_, c) => (c.env = [{ key: 'DB_PASSWORD', value: 'hunter2'.repeat(6000) }]));
  add('env entry as a KEY=value string', 'containers.0.env.0', (_, c) => (c.env = ['DB_PASSWORD=hunter2']));
  add('labels with a number value', 'containers.0.labels', (_, c) => (c.labels = { a: 1 }));
  add('labels as an array', 'containers.0.labels', (_, c) => (c.labels = ['a=b']));
  add('labels with 501 entries', 'containers.0.labels', (_, c) => (c.labels = Object.fromEntries(Array.from({ length: 501 }, (_, i) => [`k${i}`, 'v']))));
  add('stats cpuPercent as a string', 'containers.0.stats.cpuPercent', (_, c) => ((c.stats as Record<string, unknown>).cpuPercent = '1.5'));
  add('stats cpuPercent "NaN"', 'containers.0.stats.cpuPercent', (_, c) => ((c.stats as Record<string, unknown>).cpuPercent = 'NaN'));
  add('stats memUsage negative', 'containers.0.stats.memUsage', (_, c) => ((c.stats as Record<string, unknown>).memUsage = -5));
  add('stats as an array', 'containers.0.stats', (_, c) => (c.stats = [{ cpuPercent: 1 }]));
  add('stats cpuPercent above bound', 'containers.0.stats.cpuPercent', (_, c) => ((c.stats as Record<string, unknown>).cpuPercent = 2e6));

  // Raw bodies: what JSON.stringify could never produce.
  const valid = JSON.stringify(sampleReport(`bad-${++n}`, 2));
  cases.push(
    { name: 'memUsage 1e400 (Infinity after parsing)', path: 'containers.0.stats.memUsage', body: valid.replace('"memUsage":20971520', '"memUsage":1e400') },
    { name: 'bare NaN literal', body: valid.replace('"cpuPercent":1.4', '"cpuPercent":NaN') },
    { name: 'truncated JSON', body: valid.slice(0, Math.floor(valid.length / 2)) },
    { name: 'invalid JSON', body: '{"hostId": "bad-x", hostname: nope}' },
    { name: 'trailing garbage after the JSON', body: `${valid} trailing` },
    { name: 'single-quoted JSON', body: valid.replace(/"/g, "'") },
    { name: 'empty body', body: '' },
    { name: 'the JSON null', path: 'body', body: 'null' },
    { name: 'a JSON array', path: 'body', body: '[]' },
    { name: 'a JSON string', path: 'body', body: '"hunter2"' },
    { name: 'a JSON number', path: 'body', body: '42' },
    { name: '__proto__ key (prototype pollution)', body: valid.replace('{"hostId"', '{"__proto__":{"polluted":true},"hostId"') },
    { name: 'constructor.prototype key', body: valid.replace('{"hostId"', '{"constructor":{"prototype":{"polluted":true}},"hostId"') },
    { name: 'labels nested 100,000 objects deep', path: 'containers.0.labels', body: valid.replace(/"labels":\{[^}]*\}/, `"labels":${'{"a":'.repeat(100_000)}"x"${'}'.repeat(100_000)}`) },
    { name: 'containers nested 500,000 arrays deep', path: 'containers.0', body: valid.replace(/"containers":\[.*\]\}$/, `"containers":${'['.repeat(500_000)}${']'.repeat(500_000)}}`) },
    { name: 'text/plain body', status: 415, contentType: 'text/plain', body: valid },
  );
  return cases;
}
