import { HttpException, Logger } from '@nestjs/common';
import type { Readable } from 'node:stream';
import type { RawData, WebSocket } from 'ws';
import { terminalSize } from './exec-query';

/**
 * A process with a TTY that a source (Engine API exec, SSH channel) started for a socket.
 * The bridge owns the socket; the source owns the process and says how to stop it.
 */
export interface TerminalProcess {
  /** Terminal output (stdout and stderr merged by the TTY). Ends when the process ends. */
  readonly output: Readable;
  write(data: Buffer): void;
  resize(cols: number, rows: number): Promise<void>;
  /** The exit code once `output` ended; null when the source cannot tell. */
  exitCode(): Promise<number | null>;
  /** Ends the process because the socket went away (must not throw). */
  kill(): Promise<void>;
}

export interface TerminalSize {
  cols: number;
  rows: number;
}

const HEARTBEAT_MS = 30_000;
const MAX_PENDING_INPUT = 64 * 1024;
const HIGH_WATER = 1024 * 1024;

/**
 * The wire protocol (docs/docker-tcp.md): binary frames are terminal bytes both ways; a
 * text frame holding a JSON control message (`{"type":"resize","cols":..,"rows":..}`) is a
 * command, any other text frame is input. The server sends `{"type":"ready"}` once the process
 * runs, `{"type":"exit","code":n}` before closing with 1000, and `{"type":"error","message":..}`
 * before closing with 4000 + the HTTP status when the process cannot start or fails.
 * The socket and the process end together.
 */
export function bridgeTerminal(socket: WebSocket, size: TerminalSize, start: (size: TerminalSize) => Promise<TerminalProcess>, logger: Logger): void {
  let process: TerminalProcess | null = null;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let latestSize: TerminalSize | null = null;
  let ended = false;
  let exited = false;
  let alive = true;

  const heartbeat = setInterval(() => {
    if (!alive) return socket.terminate();
    alive = false;
    socket.ping();
  }, HEARTBEAT_MS);
  socket.on('pong', () => (alive = true));

  const finish = (code: number, reason: string, message?: object) => {
    if (ended) return;
    ended = true;
    clearInterval(heartbeat);
    if (socket.readyState === socket.OPEN) {
      if (message) socket.send(JSON.stringify(message));
      socket.close(code, reason);
    }
  };

  socket.on('message', (data: RawData, isBinary: boolean) => {
    const bytes = toBuffer(data);
    const control = isBinary ? null : controlMessage(bytes);
    if (control) {
      const cols = terminalSize(control.cols);
      const rows = terminalSize(control.rows);
      if (control.type !== 'resize' || cols === null || rows === null) return;
      if (process) process.resize(cols, rows).catch((error: unknown) => logger.debug(`resize failed: ${String(error)}`));
      else latestSize = { cols, rows };
      return;
    }
    if (process) return process.write(bytes);
    // Typed before the process is up: keep a little, drop the rest rather than grow without bound.
    if (pendingBytes + bytes.length <= MAX_PENDING_INPUT) {
      pending.push(bytes);
      pendingBytes += bytes.length;
    }
  });

  socket.on('close', () => {
    ended = true;
    clearInterval(heartbeat);
    if (process && !exited) void process.kill();
  });
  socket.on('error', (error) => logger.debug(`exec socket error: ${error.message}`));

  start(size).then(
    (started) => {
      if (ended) {
        // The socket closed while the process was starting.
        void started.kill();
        return;
      }
      process = started;
      pipeOutput(socket, started, () => {
        exited = true;
        if (ended) return;
        started.exitCode().then(
          (code) => finish(1000, 'exited', { type: 'exit', code }),
          () => finish(1000, 'exited', { type: 'exit', code: null }),
        );
      });
      socket.send(JSON.stringify({ type: 'ready' }));
      for (const bytes of pending) started.write(bytes);
      pending = [];
      if (latestSize) started.resize(latestSize.cols, latestSize.rows).catch(() => undefined);
    },
    (error: unknown) => {
      const status = error instanceof HttpException ? error.getStatus() : 500;
      const message = error instanceof HttpException ? error.message : 'The terminal could not be started; the server log has the details';
      if (!(error instanceof HttpException)) logger.error(`exec start failed: ${String(error)}`);
      finish(4000 + status, `failed (${status})`, { type: 'error', message });
    },
  );
}

/** Output to binary frames, pausing the process output while the client is slow to read. */
function pipeOutput(socket: WebSocket, process: TerminalProcess, onEnd: () => void): void {
  const output = process.output;
  output.on('data', (chunk: Buffer) => {
    if (socket.readyState !== socket.OPEN) return;
    socket.send(chunk, { binary: true }, () => {
      if (output.isPaused() && socket.bufferedAmount < HIGH_WATER) output.resume();
    });
    if (socket.bufferedAmount >= HIGH_WATER) output.pause();
  });
  let done = false;
  const end = () => {
    if (done) return;
    done = true;
    onEnd();
  };
  output.on('end', end);
  output.on('close', end);
  output.on('error', end);
}

function controlMessage(bytes: Buffer): { type?: unknown; cols?: unknown; rows?: unknown } | null {
  if (bytes.length > 1024 || bytes[0] !== 0x7b /* { */) return null;
  try {
    const value: unknown = JSON.parse(bytes.toString('utf8'));
    return typeof value === 'object' && value !== null && (value as { type?: unknown }).type === 'resize' ? (value as { type: string }) : null;
  } catch {
    return null;
  }
}

function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}
