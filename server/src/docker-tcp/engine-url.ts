import { isIPv4, isIPv6 } from 'node:net';

/** Where an engine listens: `tcp://host:port` (plain HTTP) or `https://host:port` (TLS). */
export interface EngineAddress {
  tls: boolean;
  /** Hostname or IP, IPv6 without brackets. */
  host: string;
  port: number;
}

export const ENGINE_URL_MAX_LENGTH = 300;
export const ENGINE_URL_HINT = 'url must be tcp://host:port (plain) or https://host:port (TLS), without path, query or credentials';

const URL_SHAPE = /^(tcp|https):\/\/(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(?::(\d{1,5}))?\/?$/;
const LABEL = /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

/** Parses a registered engine URL; null when it is not one we accept. Port defaults to Docker's 2375/2376. */
export function parseEngineUrl(url: string): EngineAddress | null {
  if (typeof url !== 'string' || url.length > ENGINE_URL_MAX_LENGTH) return null;
  const match = URL_SHAPE.exec(url);
  if (!match) return null;
  const [, scheme, rawHost, rawPort] = match;
  const tls = scheme === 'https';
  const port = rawPort === undefined ? (tls ? 2376 : 2375) : Number(rawPort);
  if (!Number.isInteger(port) || port < 1 || port > 65535) return null;
  if (rawHost.startsWith('[')) {
    const host = rawHost.slice(1, -1);
    return isIPv6(host) ? { tls, host, port } : null;
  }
  const validName = isIPv4(rawHost) || (rawHost.length <= 253 && rawHost.split('.').every((label) => LABEL.test(label)));
  return validName ? { tls, host: rawHost, port } : null;
}

/** The URL as shown in messages (brackets back around IPv6). */
export function formatEngineAddress(address: EngineAddress): string {
  const host = address.host.includes(':') ? `[${address.host}]` : address.host;
  return `${address.tls ? 'https' : 'tcp'}://${host}:${address.port}`;
}
