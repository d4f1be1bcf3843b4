import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { isContainerRef } from '../containers/container-ref';
import { ACTION_VERBS, buildRemoteCommand, LOG_TAIL_MAX, singleQuote, UnsafeArgumentError, type RemoteDockerCommand } from './remote-command';

// The proof is by execution, not by reading the string: each built command runs under real
// shells with `docker` replaced by a function that writes its argv (count, then each argument,
// NUL-terminated) to fd 3. A ref is safe when it is refused, or arrives as exactly one argument
// equal to the input, with the rest of argv exactly what the verb should send.
const SHELLS = [['sh'], ['bash'], ['busybox', 'sh']].filter(([bin]) => spawnSync(bin, ['-c', 'true']).status === 0);
const STUB = `docker() { printf '%s\\0' "$#" "$@" >&3; }\n`;
const CANARY_DIR = `/tmp/archnest-pwned-${randomBytes(4).toString('hex')}`;

/** Runs a script under a shell and returns the argv of every `docker` call it made. */
function dockerCalls(shell: string[], script: string): string[][] {
  const result = spawnSync(shell[0], [...shell.slice(1), '-c', STUB + script], { stdio: ['ignore', 'ignore', 'pipe', 'pipe'], timeout: 20_000 });
  if (result.status !== 0) throw new Error(`${shell.join(' ')} exited ${result.status}: ${result.stderr?.toString()}`);
  const fields = (result.output[3] as Buffer).toString('utf8').split('\0');
  const calls: string[][] = [];
  let at = 0;
  while (at < fields.length - 1) {
    const count = Number(fields[at]);
    calls.push(fields.slice(at + 1, at + 1 + count));
    at += count + 1;
  }
  return calls;
}

/** What docker must receive, argument by argument, for each command shape. */
function expectedCalls(command: RemoteDockerCommand): string[][] {
  switch (command.kind) {
    case 'inspect':
      return [['inspect', '--type', 'container', '--', command.ref]];
    case 'logs':
      return [
        ['inspect', '--type', 'container', '--format', '{{.Id}}', '--', command.ref],
        ['logs', '--tail', String(command.tail), ...(command.timestamps ? ['--timestamps'] : []), '--', command.ref],
      ];
    case 'stats':
      return [['stats', '--no-stream', '--no-trunc', '--format', '{{json .}}', '--', command.ref]];
    case 'action': {
      const state = ['inspect', '--type', 'container', '--format', '{{.Id}} {{.State.Status}}', '--', command.ref];
      return [state, [command.verb, '--', command.ref], state];
    }
    case 'remove':
      return [['inspect', '--type', 'container', '--format', '{{.Id}}', '--', command.ref], ['rm', ...(command.force ? ['--force'] : []), '--', command.ref]];
    case 'exec':
      return [['exec', '-it', '--', command.ref, command.program]];
    default:
      return [];
  }
}

const shapes = (ref: string): RemoteDockerCommand[] => [
  { kind: 'inspect', ref },
  { kind: 'logs', ref, tail: 200, timestamps: true },
  { kind: 'stats', ref },
  { kind: 'action', verb: 'restart', ref },
  { kind: 'remove', ref, force: true },
  { kind: 'exec', ref, program: 'sh' },
];

// Hostile material: shell syntax, quotes of every kind, newlines, NULs, and unicode that
// looks like ASCII syntax (fullwidth semicolon, RTL override, combining marks, emoji).
const HOSTILE = ["'", '"', '`', '$', '$(', ')', '${', '}', ';', '|', '&', '&&', '||', '\n', '\r', '\0', '\\', ' ', '\t', '*', '?', '~', '<', '>', '#', '!', '(', '-', '--', '.', '/', '=',
  '；', '\u202e', 'é', 'e\u0301', '🙂', 'ﬁ', '\u00a0', '\u2028', 'İ', 'ǅ'];
const injection = fc.constantFrom(
  `;touch ${CANARY_DIR}`, `$(touch ${CANARY_DIR})`, `\`touch ${CANARY_DIR}\``, `|touch ${CANARY_DIR}`, `&touch ${CANARY_DIR}`,
  `'; touch ${CANARY_DIR}; '`, `\ntouch ${CANARY_DIR}`, `'$(touch ${CANARY_DIR})'`, `\\'; touch ${CANARY_DIR} #`,
);
const validRef = fc.oneof(
  fc.stringMatching(/^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,40}$/),
  fc.stringMatching(/^[0-9a-f]{12,64}$/),
);
const hostileRef = fc.oneof(
  { arbitrary: validRef, weight: 3 },
  { arbitrary: fc.array(fc.oneof(fc.constantFrom(...HOSTILE), fc.stringMatching(/^[a-z0-9]{1,4}$/)), { minLength: 1, maxLength: 12 }).map((p) => p.join('')), weight: 4 },
  { arbitrary: fc.tuple(validRef, injection, fc.string({ maxLength: 4 })).map(([a, b, c]) => a + b + c), weight: 3 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 30 }), weight: 2 },
  { arbitrary: fc.string({ unit: 'grapheme', maxLength: 10 }), weight: 1 },
);

function build(command: RemoteDockerCommand): string | UnsafeArgumentError {
  try {
    return buildRemoteCommand(command);
  } catch (error) {
    if (error instanceof UnsafeArgumentError) return error;
    throw error;
  }
}

describe('buildRemoteCommand', () => {
  afterAll(() => {
    // Nothing a generated ref said may have run.
    expect(existsSync(CANARY_DIR)).toBe(false);
  });

  it('has at least two real shells to prove against', () => {
    expect(SHELLS.length).toBeGreaterThanOrEqual(2);
  });

  it('refuses or passes as one literal argument each of 10,000+ generated refs, in every command shape and shell', () => {
    const refs = fc.sample(hostileRef, { numRuns: 10_500, seed: 20261123 });
    let accepted = 0;
    let refused = 0;
    for (const shell of SHELLS) {
      // Batched for speed (one shell per 400 commands); a mismatch is pinned to its ref below.
      for (let start = 0; start < refs.length; start += 400) {
        const batch = refs.slice(start, start + 400);
        const scripts: string[] = [];
        const expected: string[][] = [];
        for (const ref of batch) {
          for (const command of shapes(ref)) {
            const built = build(command);
            if (built instanceof UnsafeArgumentError) {
              // Refusal must be exactly the allowlist's verdict, never an accident of the builder.
              expect(isContainerRef(ref)).toBe(false);
              refused++;
              continue;
            }
            expect(isContainerRef(ref)).toBe(true);
            accepted++;
            // `{ … ; }` keeps one command's text from leaking into the next if quoting ever broke.
            scripts.push(`{ ${built}\n}`);
            expected.push(...expectedCalls(command));
          }
        }
        if (scripts.length === 0) continue;
        const calls = dockerCalls(shell, scripts.join('\n'));
        if (JSON.stringify(calls) !== JSON.stringify(expected)) {
          for (const ref of batch) for (const command of shapes(ref)) {
            const built = build(command);
            if (typeof built === 'string') expect({ ref, calls: dockerCalls(shell, built) }).toEqual({ ref, calls: expectedCalls(command) });
          }
        }
        expect(calls).toEqual(expected);
      }
    }
    expect(refs.length).toBeGreaterThanOrEqual(10_000);
    // The generator is worth something only if both outcomes are common.
    expect(accepted).toBeGreaterThan(10_000);
    expect(refused).toBeGreaterThan(10_000);
  }, 180_000);

  it('holds as a shrinking property too (one shell run per case, so a failure names the smallest ref)', () => {
    fc.assert(
      fc.property(hostileRef, fc.constantFrom(...shapes('x').map((s) => s.kind)), (ref, kind) => {
        const command = shapes(ref).find((s) => s.kind === kind)!;
        const built = build(command);
        if (built instanceof UnsafeArgumentError) return !isContainerRef(ref);
        return JSON.stringify(dockerCalls(SHELLS[0], built)) === JSON.stringify(expectedCalls(command));
      }),
      { numRuns: 400, seed: 7 },
    );
  });

  it('single-quotes any string without NUL into one literal word, quotes included', () => {
    fc.assert(
      fc.property(fc.oneof(hostileRef, fc.string({ unit: 'binary', maxLength: 40 })).filter((s) => !s.includes('\0')), (value) => {
        const calls = dockerCalls(SHELLS[0], `docker ${singleQuote(value)}`);
        return calls.length === 1 && calls[0].length === 1 && calls[0][0] === value;
      }),
      { numRuns: 300, seed: 11 },
    );
    expect(() => singleQuote('a\0b')).toThrow(UnsafeArgumentError);
  });

  it('takes only integers in range for the log tail', () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer({ min: -10, max: LOG_TAIL_MAX + 10 }), fc.double(), fc.constant(Number.NaN)), (tail) => {
        const built = build({ kind: 'logs', ref: 'web', tail, timestamps: false });
        const valid = Number.isInteger(tail) && tail >= 1 && tail <= LOG_TAIL_MAX;
        return valid ? typeof built === 'string' && built.endsWith(`docker logs --tail ${tail} -- 'web' 2>&1`) : built instanceof UnsafeArgumentError;
      }),
      { numRuns: 2000, seed: 3 },
    );
    expect(build({ kind: 'logs', ref: 'web', tail: '5; reboot' as unknown as number, timestamps: false })).toBeInstanceOf(UnsafeArgumentError);
  });

  it('takes verbs only from the fixed list and programs only as one plain word', () => {
    for (const verb of ACTION_VERBS) expect(build({ kind: 'action', verb, ref: 'web' })).toContain(`docker ${verb} -- 'web'`);
    for (const verb of ['kill', 'rm', 'start;id', '', 'START']) {
      expect(build({ kind: 'action', verb: verb as 'start', ref: 'web' })).toBeInstanceOf(UnsafeArgumentError);
    }
    expect(build({ kind: 'exec', ref: 'web', program: '/bin/bash' })).toBe("docker exec -it -- 'web' '/bin/bash'");
    for (const program of ['sh -c id', 'sh;id', '$(id)', '-u', '', 'a'.repeat(200), "sh'"]) {
      expect(build({ kind: 'exec', ref: 'web', program })).toBeInstanceOf(UnsafeArgumentError);
    }
    expect(build({ kind: 'nope' } as unknown as RemoteDockerCommand)).toBeInstanceOf(UnsafeArgumentError);
  });

  it('builds the fixed commands exactly', () => {
    expect(buildRemoteCommand({ kind: 'list' })).toBe("docker ps -a --no-trunc --format '{{json .}}'");
    expect(buildRemoteCommand({ kind: 'version' })).toBe("docker version --format '{{.Server.Version}}'");
    expect(dockerCalls(SHELLS[0], buildRemoteCommand({ kind: 'list' }))).toEqual([['ps', '-a', '--no-trunc', '--format', '{{json .}}']]);
    expect(readdirSync('/tmp').some((name) => name === CANARY_DIR.slice(5))).toBe(false);
  });
});
