// Turns SSH failures and failed docker CLI runs into HTTP errors whose message tells an
// operator what to fix. Remote text is cut to its first line and a bounded length.
import {
  BadGatewayException,
  ConflictException,
  GatewayTimeoutException,
  HttpException,
  NotFoundException,
  PreconditionFailedException,
  ServiceUnavailableException,
} from '@nestjs/common';
import { SshFailure, type CommandResult } from './ssh.client';

/** Who we talked to, for messages: `web-1 (deploy@10.0.0.5:22)`. */
export interface RemoteContext {
  label: string;
  username: string;
}

export class PoolBusyError extends Error {
  constructor(readonly label: string, readonly maxSessions: number, readonly waitedMs: number) {
    super(`all ${maxSessions} SSH sessions to ${label} stayed busy for ${waitedMs} ms`);
  }
}

/** `what` ("docker ps") prefixes the message, so the operator sees which step failed. */
export function sshFailureToHttp(error: unknown, what?: string): HttpException {
  if (error instanceof HttpException) return error;
  if (error instanceof PoolBusyError) {
    return new ServiceUnavailableException(`${error.message}; try again, or raise ARCHNEST_SSH_MAX_SESSIONS (and the server's MaxSessions)`);
  }
  if (!(error instanceof SshFailure)) {
    return new BadGatewayException(`SSH request failed: ${firstLine(error instanceof Error ? error.message : String(error))}`);
  }
  const message = what ? `${what}: ${error.message}` : error.message;
  switch (error.kind) {
    case 'host-key-unpinned':
      return new PreconditionFailedException(`${message}. Confirm the fingerprint before any command runs (see POST …/test).`);
    case 'timeout':
      return new GatewayTimeoutException(message);
    default:
      return new BadGatewayException(message);
  }
}

/**
 * A docker CLI run that exited non-zero. `what` names the step for the message
 * ("docker ps", "docker start web"); `ref` is set when the command targets one container.
 */
export function dockerFailureToHttp(result: CommandResult, remote: RemoteContext, what: string, ref?: string): HttpException {
  const stderr = `${result.stderr.toString('utf8')}\n${result.stdout.toString('utf8')}`;
  const text = firstMeaningfulLine(stderr).replace(/^Error response from daemon:\s*/i, '').replace(/^Error:\s*/, '');
  if (result.code === 127 || /docker: (command )?not found|docker: No such file or directory/i.test(stderr)) {
    return new BadGatewayException(`the docker CLI is not installed on ${remote.label}, or not in the PATH of user '${remote.username}' for non-interactive SSH sessions`);
  }
  if (/permission denied.*docker(\.sock| daemon socket)/i.test(stderr)) {
    return new BadGatewayException(`user '${remote.username}' on ${remote.label} may not use Docker: permission denied on the Docker socket (add the user to the docker group)`);
  }
  if (/Cannot connect to the Docker daemon|Is the docker daemon running/i.test(stderr)) {
    return new BadGatewayException(`the Docker daemon on ${remote.label} is not running or not reachable: ${text}`);
  }
  if (ref !== undefined && /No such (container|object)/i.test(stderr)) {
    return new NotFoundException(`No container '${ref}' on ${remote.label}`);
  }
  if (ref !== undefined && /multiple IDs found|matches multiple|ambiguous/i.test(stderr)) {
    return new ConflictException(`'${ref}' matches several containers on ${remote.label}; use a longer id prefix or the name`);
  }
  if (ref !== undefined && /is already paused|is not paused|is not running|is paused|is restarting|cannot remove a running container|conflict/i.test(stderr)) {
    return new ConflictException(`${what}: ${text}`);
  }
  if (result.code === null) {
    return new BadGatewayException(`${what} on ${remote.label} was ended by signal ${result.signal ?? 'unknown'}`);
  }
  return new BadGatewayException(`${what} on ${remote.label} failed (exit ${result.code}): ${text || 'no error output'}`);
}

function firstMeaningfulLine(text: string): string {
  // `docker inspect` prints "[]" on stdout before its error; skip such noise.
  const line = text.split('\n').map((l) => l.trim()).find((l) => l && l !== '[]') ?? '';
  return firstLine(line);
}

function firstLine(text: string): string {
  return text.split('\n')[0].slice(0, 300);
}
