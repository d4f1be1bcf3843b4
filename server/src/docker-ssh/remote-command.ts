// The one place a remote shell command is built. Every `docker` invocation the SSH source
// sends comes out of buildRemoteCommand, so its safety argument lives in this file:
//   - verbs, flags and Go templates are constants written here, never taken from a request;
//   - a container reference must pass the shared allowlist (container-ref.ts) AND is then
//     single-quoted, so even a future loosening of the allowlist cannot open the shell;
//   - numbers are checked integers within bounds, rendered by String();
//   - `--` ends docker's options before every reference, so a ref can never be read as a flag.
// remote-command.spec.ts runs ≥ 10,000 generated hostile refs through a real `sh -c`.
import { isContainerRef } from '../containers/container-ref';

export const ACTION_VERBS = ['start', 'stop', 'restart', 'pause', 'unpause'] as const;
export type ActionVerb = (typeof ACTION_VERBS)[number];

export const LOG_TAIL_MAX = 5000;

export type RemoteDockerCommand =
  | { kind: 'version' }
  | { kind: 'list' }
  | { kind: 'inspect'; ref: string }
  /** The full id on the first line, then the log lines. */
  | { kind: 'logs'; ref: string; tail: number; timestamps: boolean }
  | { kind: 'stats'; ref: string }
  /** State before, the action, state after: one round trip, so the answer says what really happened. */
  | { kind: 'action'; verb: ActionVerb; ref: string }
  /** The full id first (the answer names what was removed), then the removal. */
  | { kind: 'remove'; ref: string; force: boolean }
  /** Interactive: run on a pseudo-terminal. */
  | { kind: 'exec'; ref: string; program: string };

/** Thrown for any value that must not reach the remote shell; callers answer 400. */
export class UnsafeArgumentError extends Error {
  constructor(what: string) {
    super(what);
    this.name = 'UnsafeArgumentError';
  }
}

/** A program to exec into: a bare name or an absolute path, no spaces, no shell syntax. */
const PROGRAM = /^\/?[A-Za-z0-9_][A-Za-z0-9_./-]{0,127}$/;

/** `id state` on one line; Go template text is a constant, never user input. */
const ID_AND_STATE = "--format '{{.Id}} {{.State.Status}}'";

export function buildRemoteCommand(command: RemoteDockerCommand): string {
  switch (command.kind) {
    case 'version':
      return "docker version --format '{{.Server.Version}}'";
    case 'list':
      return "docker ps -a --no-trunc --format '{{json .}}'";
    case 'inspect':
      return `docker inspect --type container -- ${quoteRef(command.ref)}`;
    case 'logs': {
      const tail = integer(command.tail, 1, LOG_TAIL_MAX, 'tail');
      const timestamps = command.timestamps === true ? ' --timestamps' : '';
      const ref = quoteRef(command.ref);
      // The full id first (the answer names the container, and a wrong ref fails cleanly on inspect);
      // the container's stderr goes to the CLI's stderr, folded in so the lines keep their order.
      return `docker inspect --type container --format '{{.Id}}' -- ${ref} && docker logs --tail ${tail}${timestamps} -- ${ref} 2>&1`;
    }
    case 'stats':
      return `docker stats --no-stream --no-trunc --format '{{json .}}' -- ${quoteRef(command.ref)}`;
    case 'action': {
      const verb = fixedVerb(command.verb);
      const ref = quoteRef(command.ref);
      const state = `docker inspect --type container ${ID_AND_STATE} -- ${ref}`;
      return `${state} && docker ${verb} -- ${ref} >/dev/null && ${state}`;
    }
    case 'remove': {
      const ref = quoteRef(command.ref);
      const force = command.force === true ? ' --force' : '';
      return `docker inspect --type container --format '{{.Id}}' -- ${ref} && docker rm${force} -- ${ref} >/dev/null`;
    }
    case 'exec':
      return `docker exec -it -- ${quoteRef(command.ref)} ${quoteProgram(command.program)}`;
    default:
      throw new UnsafeArgumentError(`unknown remote command ${JSON.stringify((command as { kind?: unknown }).kind)}`);
  }
}

/** POSIX single quotes: everything inside is literal; a quote is closed, escaped and reopened. */
export function singleQuote(value: string): string {
  if (value.includes('\0')) throw new UnsafeArgumentError('a shell argument cannot contain a NUL byte');
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

function quoteRef(ref: unknown): string {
  if (typeof ref !== 'string' || !isContainerRef(ref)) {
    throw new UnsafeArgumentError('the container reference must be a container id (12-64 hex characters) or name ([a-zA-Z0-9][a-zA-Z0-9_.-]{0,127})');
  }
  return singleQuote(ref);
}

function quoteProgram(program: unknown): string {
  if (typeof program !== 'string' || !PROGRAM.test(program)) {
    throw new UnsafeArgumentError('the command must be one program name or absolute path (letters, digits, _ . / -), e.g. sh');
  }
  return singleQuote(program);
}

function fixedVerb(verb: unknown): ActionVerb {
  const found = ACTION_VERBS.find((v) => v === verb);
  if (!found) throw new UnsafeArgumentError(`the action must be one of ${ACTION_VERBS.join(', ')}`);
  return found;
}

function integer(value: unknown, min: number, max: number, name: string): string {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new UnsafeArgumentError(`${name} must be an integer from ${min} to ${max}`);
  }
  return String(value);
}
