import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { HttpAdapterHost } from '@nestjs/core';
import { STATUS_CODES, type IncomingMessage, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { AuthService } from '../auth/auth.service';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { setting } from '../config/app-config';
import { parseExecQuery, type ExecQuery } from './exec-query';
import { EXEC_SUBPROTOCOL, offeredProtocols, originAllowed, parseAllowedOrigins, upgradeToken } from './upgrade-checks';

/** A source's exec endpoint: it receives an upgraded socket of a verified admin and owns it from then on. */
export interface ExecHandler {
  handle(socket: WebSocket, query: ExecQuery, user: AuthenticatedUser): void;
}

/** Terminal input is typed or pasted: a frame larger than this is refused by closing the socket. */
const MAX_FRAME_BYTES = 64 * 1024;

/**
 * The one listener on the HTTP server's `upgrade` event. Sources register a path
 * (`/api/docker/exec`, `/api/docker-ssh/exec`); every upgrade is checked here before it is
 * accepted: known path (404), allowed Origin (403), a valid access token (401) of an active
 * admin read from the database (403), a valid query (400). A refusal is a plain HTTP answer,
 * so nothing is upgraded for a caller who may not exec.
 */
@Injectable()
export class ExecGateway implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Exec');
  private readonly handlers = new Map<string, ExecHandler>();
  private readonly wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_FRAME_BYTES,
    perMessageDeflate: false,
    // Select our protocol name when offered, never echo the bearer token back.
    handleProtocols: (protocols) => (protocols.has(EXEC_SUBPROTOCOL) ? EXEC_SUBPROTOCOL : false),
  });
  private readonly allowedOrigins: string[];
  private server: Server | null = null;
  private readonly onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => undefined);
    this.upgrade(request, socket, head).catch((error: unknown) => {
      this.logger.error(`upgrade failed: ${error instanceof Error ? error.message : String(error)}`);
      refuse(socket, 500, 'Internal server error; the server log has the details');
    });
  };

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly auth: AuthService,
    config: ConfigService,
  ) {
    this.allowedOrigins = parseAllowedOrigins(setting(config, 'ARCHNEST_ALLOWED_ORIGINS'));
  }

  /** `path` is the full request path, e.g. `/api/docker/exec`. */
  register(path: string, handler: ExecHandler): void {
    if (this.handlers.has(path)) throw new Error(`exec path ${path} is registered twice`);
    this.handlers.set(path, handler);
  }

  onApplicationBootstrap(): void {
    this.server = this.adapterHost.httpAdapter.getHttpServer() as Server;
    this.server.on('upgrade', this.onUpgrade);
  }

  onApplicationShutdown(): void {
    this.server?.off('upgrade', this.onUpgrade);
    for (const client of this.wss.clients) client.close(1001, 'server shutting down');
    this.wss.close();
  }

  private async upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://upgrade.invalid');
    const handler = this.handlers.get(url.pathname);
    if (!handler) return refuse(socket, 404, `No WebSocket endpoint at ${url.pathname.slice(0, 100)}`);
    if (!originAllowed(header(request, 'origin'), header(request, 'host'), this.allowedOrigins)) {
      return refuse(socket, 403, 'This Origin may not open a terminal: use the console on this server or list the origin in ARCHNEST_ALLOWED_ORIGINS');
    }
    const user = await this.authenticate(request, url.searchParams);
    if (typeof user === 'number') {
      return user === 401
        ? refuse(socket, 401, `Log in first: send the access token as the subprotocol 'bearer.<token>' (with '${EXEC_SUBPROTOCOL}') or as ?token=`)
        : refuse(socket, 403, 'Opening a terminal needs the admin role');
    }
    const query = parseExecQuery(url.searchParams);
    if (typeof query === 'string') return refuse(socket, 400, `Invalid exec request: ${query}`);
    if (offeredProtocols(request).length > 0 && !offeredProtocols(request).includes(EXEC_SUBPROTOCOL)) {
      return refuse(socket, 400, `Offer the subprotocol '${EXEC_SUBPROTOCOL}' together with 'bearer.<token>'`);
    }
    if (socket.destroyed) return;
    this.wss.handleUpgrade(request, socket, head, (ws) => {
      this.logger.log(`terminal opened by ${user.username} on ${url.pathname} host ${query.hostId} container ${query.ref} (${query.cmd})`);
      ws.once('close', () => this.logger.log(`terminal closed for ${user.username} on host ${query.hostId} container ${query.ref}`));
      handler.handle(ws, query, user);
    });
  }

  /** The same rules as the HTTP guard: a valid HS256 token of an active user, role read from the database. */
  private async authenticate(request: IncomingMessage, query: URLSearchParams): Promise<AuthenticatedUser | 401 | 403> {
    const token = upgradeToken(request, query);
    if (!token) return 401;
    const user = await this.auth.authenticate(token);
    if (!user) return 401;
    if (user.role !== 'admin') return 403;
    return user;
  }
}

function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Answers the upgrade request with a plain HTTP error (the same JSON body as the REST API) and closes. */
function refuse(socket: Duplex, status: number, message: string): void {
  if (socket.destroyed) return;
  const error = STATUS_CODES[status] ?? 'Error';
  const body = JSON.stringify({ statusCode: status, error, message });
  socket.end(
    `HTTP/1.1 ${status} ${error}\r\nConnection: close\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
  // If the client never reads, do not keep the socket around.
  setTimeout(() => socket.destroy(), 1000).unref();
}
