import {
  BadGatewayException, BadRequestException, ConflictException, GatewayTimeoutException, NotFoundException,
} from '@nestjs/common';

/**
 * What went wrong talking to an engine, in our own words. `unreachable` and `tls` become
 * 502, `timeout` 504, and the engine's own 404/409/400 keep their meaning.
 */
export type EngineErrorKind = 'unreachable' | 'tls' | 'timeout' | 'not-found' | 'conflict' | 'bad-request' | 'engine';

export class EngineError extends Error {
  constructor(
    readonly kind: EngineErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'EngineError';
  }
}

const NOT_SIGNED_BY_CA = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'UNABLE_TO_GET_ISSUER_CERT', 'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT', 'CERT_SIGNATURE_FAILURE', 'CERT_UNTRUSTED',
]);
const CLIENT_CERT_REFUSED = /CERTIFICATE_REQUIRED|HANDSHAKE_FAILURE|BAD_CERTIFICATE|UNKNOWN_CA|CERTIFICATE_UNKNOWN|ACCESS_DENIED/;

/** Turns whatever dockerode, Node's http/tls or the engine threw into an EngineError with an actionable message. */
export function classifyEngineFailure(error: unknown, target: string): EngineError {
  if (error instanceof EngineError) return error;
  const e = (error ?? {}) as { code?: unknown; message?: unknown; statusCode?: unknown; json?: unknown };
  const code = typeof e.code === 'string' ? e.code : '';
  const message = typeof e.message === 'string' ? firstLine(e.message) : String(error);

  if (typeof e.statusCode === 'number') return fromStatus(e.statusCode, engineMessage(e.json) ?? message, target);

  if (NOT_SIGNED_BY_CA.has(code)) {
    return new EngineError('tls', `TLS failed with ${target}: its certificate is not signed by the configured CA (or by a system CA when none is set) (${code}); set ca to the CA that signed the engine's certificate`);
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    return new EngineError('tls', `TLS failed with ${target}: the engine's certificate is not valid for this host name (${code}); use a host name or IP listed in the certificate`);
  }
  if (code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID') {
    return new EngineError('tls', `TLS failed with ${target}: the engine's certificate is outside its validity period (${code})`);
  }
  if (CLIENT_CERT_REFUSED.test(code) || CLIENT_CERT_REFUSED.test(message.toUpperCase().replace(/ /g, '_'))) {
    return new EngineError('tls', `TLS failed with ${target}: the engine refused the client certificate (missing, or not signed by a CA it trusts) (${code || message}); set cert and key to a client certificate the engine accepts`);
  }
  if (/WRONG_VERSION_NUMBER|PACKET_LENGTH_TOO_LONG|UNKNOWN_PROTOCOL|HTTP_REQUEST/.test(code) || /wrong version number|packet length too long/i.test(message)) {
    return new EngineError('tls', `TLS failed with ${target}: the port does not speak TLS (${code}); use tcp:// for a plain endpoint`);
  }
  if (/KEY_VALUES_MISMATCH|BAD_DECRYPT|NO_START_LINE|UNSUPPORTED/.test(code)) {
    return new EngineError('tls', `The stored TLS material for ${target} cannot be used (${code}); upload the CA, certificate and key again`);
  }
  if (code.startsWith('ERR_SSL_') || code.startsWith('ERR_TLS_') || code === 'EPROTO') {
    return new EngineError('tls', `TLS failed with ${target}: ${message} (${code})`);
  }

  switch (code) {
    case 'ECONNREFUSED':
      return new EngineError('unreachable', `Cannot reach the Docker engine at ${target}: connection refused (nothing listens on that port; check the URL and that dockerd listens on TCP)`);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new EngineError('unreachable', `Cannot reach the Docker engine at ${target}: the host name does not resolve (${code})`);
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'EADDRNOTAVAIL':
      return new EngineError('unreachable', `Cannot reach the Docker engine at ${target}: no route to the host (${code})`);
    case 'ETIMEDOUT':
      return new EngineError('unreachable', `Cannot reach the Docker engine at ${target}: the connection timed out (${code})`);
    case 'ECONNRESET':
    case 'EPIPE':
      return new EngineError('unreachable', `The Docker engine at ${target} closed the connection without an answer (${code}); a TLS endpoint needs an https:// URL, and one that demands client certificates closes connections without them`);
  }
  if (/max redirects exceeded/i.test(message)) {
    return new EngineError('engine', `The Docker engine at ${target} answered with an HTTP redirect; ArchNest does not follow redirects from an engine (check the URL)`);
  }
  if (/socket hang up/i.test(message)) {
    return new EngineError('unreachable', `The Docker engine at ${target} closed the connection without an answer; a TLS endpoint needs an https:// URL`);
  }
  return new EngineError('engine', `The Docker engine at ${target} failed: ${message.slice(0, 300)}`);
}

function fromStatus(status: number, text: string, target: string): EngineError {
  const said = text.slice(0, 500);
  if (status === 404) return new EngineError('not-found', said);
  if (status === 409) return new EngineError('conflict', said);
  if (status === 400) return new EngineError('bad-request', said);
  // Docker answers 500 for some conflicts: ambiguous id prefixes and (un)pausing in the wrong state.
  if (/multiple ids found|is not (paused|running)|is (already )?paused|is restarting/i.test(said)) return new EngineError('conflict', said);
  return new EngineError('engine', `The Docker engine at ${target} answered HTTP ${status}: ${said}`);
}

function engineMessage(json: unknown): string | null {
  if (typeof json === 'object' && json !== null && typeof (json as { message?: unknown }).message === 'string') {
    return firstLine((json as { message: string }).message);
  }
  if (Buffer.isBuffer(json)) return firstLine(json.toString('utf8')) || null;
  return typeof json === 'string' ? firstLine(json) || null : null;
}

function firstLine(text: string): string {
  return text.split('\n')[0].trim().slice(0, 500);
}

/** EngineError → the HTTP answer; other errors pass through untouched. */
export function toHttpException(error: unknown): unknown {
  if (!(error instanceof EngineError)) return error;
  switch (error.kind) {
    case 'not-found':
      return new NotFoundException(error.message);
    case 'conflict':
      return new ConflictException(error.message);
    case 'bad-request':
      return new BadRequestException(error.message);
    case 'timeout':
      return new GatewayTimeoutException(error.message);
    default:
      return new BadGatewayException(error.message);
  }
}
