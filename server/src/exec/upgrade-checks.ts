import type { IncomingMessage } from 'node:http';

/**
 * Pure checks on a WebSocket upgrade request, done before anything is upgraded.
 * Browsers cannot set an Authorization header on a WebSocket, so the access token comes
 * as a subprotocol `bearer.<jwt>` (next to EXEC_SUBPROTOCOL, which the server selects) or as
 * a `token` query parameter (docs/docker-tcp.md).
 */
export const EXEC_SUBPROTOCOL = 'archnest.exec.v1';
const BEARER_PREFIX = 'bearer.';
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/** The offered subprotocols, as the `Sec-WebSocket-Protocol` header lists them. */
export function offeredProtocols(request: IncomingMessage): string[] {
  const header = request.headers['sec-websocket-protocol'];
  const text = Array.isArray(header) ? header.join(',') : (header ?? '');
  return text.split(',').map((p) => p.trim()).filter(Boolean);
}

/** The access token from the subprotocol list or the `token` query parameter; null when absent or malformed. */
export function upgradeToken(request: IncomingMessage, query: URLSearchParams): string | null {
  const fromProtocol = offeredProtocols(request).find((p) => p.toLowerCase().startsWith(BEARER_PREFIX));
  const token = fromProtocol ? fromProtocol.slice(BEARER_PREFIX.length) : query.get('token');
  return token && token.length <= 4096 && JWT_SHAPE.test(token) ? token : null;
}

/**
 * A browser always sends Origin; it must be the server's own (same host:port as the Host
 * header) or one listed in ARCHNEST_ALLOWED_ORIGINS. Clients that send no Origin are not
 * browsers, so no other site can be riding on them; they still need the token.
 */
export function originAllowed(origin: string | undefined, host: string | undefined, allowed: readonly string[]): boolean {
  if (origin === undefined) return true;
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return false;
  if (host !== undefined && parsed.host.toLowerCase() === host.toLowerCase()) return true;
  return allowed.some((entry) => normalizeOrigin(entry) === parsed.origin);
}

export function parseAllowedOrigins(setting: string | undefined): string[] {
  return (setting ?? '').split(',').map((o) => o.trim()).filter(Boolean);
}

function normalizeOrigin(entry: string): string | null {
  try {
    return new URL(entry).origin;
  } catch {
    return null;
  }
}
