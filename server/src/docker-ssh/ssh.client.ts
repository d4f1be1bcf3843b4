// The only file that imports `ssh2`: the rest of ArchNest (and its tests) sees the small
// types below, so a library change or a second implementation touches one place.
import { createHash } from 'node:crypto';
import type { Duplex, Readable } from 'node:stream';
import { Client, utils, type ClientChannel, type ConnectConfig } from 'ssh2';

/** One SSH server on the way to a Docker host (jump hosts first, the target last). */
export interface SshHop {
  /** How messages name this server, e.g. `web-1 (deploy@10.0.0.5:22)`. */
  label: string;
  host: string;
  port: number;
  username: string;
  privateKey?: string;
  passphrase?: string;
  password?: string;
  /**
   * The pinned `SHA256:…` host key fingerprint. `null` means "not trusted yet": the key is
   * read and the connection stops before any credential is sent (trust on first use, explicit).
   */
  fingerprint: string | null;
}

export interface SshTimeouts {
  /** Bound on TCP connect + key exchange + authentication, per hop. */
  readyTimeoutMs: number;
  keepaliveIntervalMs: number;
  keepaliveCountMax: number;
}

export type SshFailureKind =
  | 'unreachable' // TCP refused/reset/unroutable, DNS, or the server hung up during the handshake
  | 'timeout' // no handshake, command or channel answer in time
  | 'auth' // every configured credential was refused
  | 'host-key-mismatch' // the server's key differs from the pinned fingerprint
  | 'host-key-unpinned' // no fingerprint pinned yet: `presentedFingerprint` tells what the server showed
  | 'closed' // the connection was gone before the command started (the pool reconnects once)
  | 'interrupted' // the connection dropped while the command ran: it may or may not have had its effect
  | 'channel' // the server refused a new session or forward
  | 'protocol'; // anything else the library reported

export class SshFailure extends Error {
  constructor(
    readonly kind: SshFailureKind,
    readonly hopLabel: string,
    message: string,
    readonly detail: { presentedFingerprint?: string; expectedFingerprint?: string; userAtHost?: string } = {},
  ) {
    super(message);
    this.name = 'SshFailure';
  }
}

export interface CommandResult {
  /** Exit status, or null when the remote process ended by a signal. */
  code: number | null;
  signal: string | null;
  stdout: Buffer;
  stderr: Buffer;
}

export interface RunOptions {
  timeoutMs: number;
  /** Output beyond this (stdout + stderr) closes the channel and fails the command. */
  maxOutputBytes: number;
}

/** An interactive command with a pseudo-terminal (exec into a container). */
export interface TerminalChannel {
  /** What the terminal prints (the PTY merges stderr into it); ends when the command ends. */
  readonly output: Readable;
  write(data: Buffer | string): void;
  resize(cols: number, rows: number): void;
  /** Settles once the channel closed: the exit status, or null when the server sent none. */
  exitCode(): Promise<number | null>;
  close(): void;
}

/** OpenSSH's fingerprint: SHA256 of the raw public key blob, base64 without padding. */
export function fingerprintOf(rawPublicKey: Buffer): string {
  return `SHA256:${createHash('sha256').update(rawPublicKey).digest('base64').replace(/=+$/, '')}`;
}

/** Why a private key (with its passphrase) cannot be used, or null when it can. */
export function privateKeyProblem(key: string, passphrase?: string): string | null {
  const parsed = utils.parseKey(key, passphrase);
  if (parsed instanceof Error) {
    if (/no passphrase given/i.test(parsed.message)) return 'the private key is encrypted: give its passphrase';
    if (/passphrase|decrypt/i.test(parsed.message)) return 'the private key cannot be decrypted with this passphrase';
    return `the private key cannot be read (${parsed.message}); use OpenSSH or PEM format`;
  }
  const first = Array.isArray(parsed) ? parsed[0] : parsed;
  if (!first || first.getPrivatePEM() === null) return 'this is a public key; give the private key';
  return null;
}

/** An authenticated connection to the last hop, owning the jump connections under it. */
export class SshConnection {
  private closed = false;
  private readonly closeListeners: (() => void)[] = [];

  private constructor(
    private readonly clients: Client[],
    readonly target: SshHop,
  ) {
    // Any hop going away takes the path with it.
    for (const client of clients) client.once('close', () => this.markClosed());
  }

  /** Connects hop by hop (each later hop through a forward on the previous one). */
  static async open(hops: SshHop[], timeouts: SshTimeouts): Promise<SshConnection> {
    if (hops.length === 0) throw new Error('no SSH hop to connect to');
    const clients: Client[] = [];
    try {
      let sock: Duplex | undefined;
      for (const [index, hop] of hops.entries()) {
        if (index > 0) sock = await forward(clients[index - 1], hops[index - 1], hop, timeouts.readyTimeoutMs);
        clients.push(await connectHop(hop, timeouts, sock));
      }
    } catch (error) {
      for (const client of clients.reverse()) client.end();
      throw error;
    }
    return new SshConnection(clients, hops[hops.length - 1]);
  }

  onClose(listener: () => void): void {
    if (this.closed) listener();
    else this.closeListeners.push(listener);
  }

  /** Runs one command to completion, buffering its output (bounded in time and size). */
  async run(command: string, options: RunOptions): Promise<CommandResult> {
    const { channel, exit } = await this.openChannel(command, undefined, options.timeoutMs);
    return new Promise<CommandResult>((resolve, reject) => {
      const stdout: Buffer[] = [];
      const stderr: Buffer[] = [];
      let size = 0;
      let settled = false;
      // Answer at once: sshd keeps the channel until the remote process ends, which may be never.
      // KILL asks sshd to end it (OpenSSH ≥ 7.9 honours signal requests); close frees the channel.
      const fail = (error: SshFailure) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        try {
          channel.signal('KILL');
        } catch {
          // The channel is already gone.
        }
        channel.close();
        reject(error);
      };
      const timer = setTimeout(
        () => fail(new SshFailure('timeout', this.target.label, `${this.target.label} did not finish the command within ${options.timeoutMs} ms`)),
        options.timeoutMs,
      );
      const collect = (into: Buffer[]) => (chunk: Buffer) => {
        size += chunk.length;
        if (size > options.maxOutputBytes) {
          fail(new SshFailure('protocol', this.target.label, `the output from ${this.target.label} exceeded ${options.maxOutputBytes} bytes`));
        } else {
          into.push(chunk);
        }
      };
      channel.on('data', collect(stdout));
      channel.stderr.on('data', collect(stderr));
      channel.on('close', () => {
        clearTimeout(timer);
        if (settled) return;
        settled = true;
        // No exit status at all: the connection (or sshd) went away under the command.
        if (!exit.seen) {
          return reject(new SshFailure('interrupted', this.target.label, `the SSH connection to ${this.target.label} dropped while the command ran; it may or may not have taken effect`));
        }
        resolve({ code: exit.code, signal: exit.signal, stdout: Buffer.concat(stdout), stderr: Buffer.concat(stderr) });
      });
    });
  }

  /** Starts a command on a pseudo-terminal; the caller owns the returned channel until it closes. */
  async openTerminal(command: string, size: { cols: number; rows: number }, timeoutMs: number): Promise<TerminalChannel> {
    const { channel, exit } = await this.openChannel(command, { term: 'xterm-256color', cols: size.cols, rows: size.rows }, timeoutMs);
    // The exit status may arrive after the output's end; the channel's close comes after both.
    const closed = new Promise<number | null>((resolve) => channel.once('close', () => resolve(exit.code)));
    // A PTY sends nothing on stderr, but an unread stream could still hold the window: drain it.
    channel.stderr.resume();
    return {
      output: channel,
      write: (data) => {
        if (channel.writable) channel.write(data);
      },
      resize: (cols, rows) => channel.setWindow(rows, cols, 0, 0),
      exitCode: () => closed,
      close: () => {
        channel.close();
      },
    };
  }

  close(): void {
    for (const client of [...this.clients].reverse()) client.end();
    this.markClosed();
  }

  private markClosed(): void {
    if (this.closed) return;
    this.closed = true;
    for (const listener of this.closeListeners.splice(0)) listener();
  }

  private openChannel(command: string, pty: ConnectPty | undefined, timeoutMs: number): Promise<OpenedChannel> {
    const client = this.clients[this.clients.length - 1];
    if (this.closed) return Promise.reject(new SshFailure('closed', this.target.label, `the SSH connection to ${this.target.label} is closed`));
    return new Promise<OpenedChannel>((resolve, reject) => {
      let settled = false;
      const timer = setTimeout(() => {
        settled = true;
        reject(new SshFailure('timeout', this.target.label, `${this.target.label} did not open a session within ${timeoutMs} ms`));
      }, timeoutMs);
      const done = (error: Error | undefined, channel: ClientChannel) => {
        clearTimeout(timer);
        if (settled) {
          if (!error) channel.close();
          return;
        }
        settled = true;
        if (!error) {
          // Attached here, synchronously: a fast command's exit status can arrive in the same read
          // as the channel confirmation, before any code awaiting this promise runs.
          const exit: ExitStatus = { seen: false, code: null, signal: null };
          channel.on('exit', (code: number | null, signal?: string) => {
            Object.assign(exit, { seen: true, code: typeof code === 'number' ? code : null, signal: signal ?? null });
          });
          return resolve({ channel, exit });
        }
        const kind = this.closed || /not connected|No response from server/i.test(error.message) ? 'closed' : 'channel';
        reject(new SshFailure(kind, this.target.label, `${this.target.label} refused a new session (${error.message})`));
      };
      try {
        if (pty) client.exec(command, { pty }, done);
        else client.exec(command, done);
      } catch (error) {
        // ssh2 throws synchronously when the socket is already gone.
        done(error as Error, undefined as unknown as ClientChannel);
      }
    });
  }
}

type ConnectPty = { term: string; cols: number; rows: number };
type ExitStatus = { seen: boolean; code: number | null; signal: string | null };
type OpenedChannel = { channel: ClientChannel; exit: ExitStatus };

function connectHop(hop: SshHop, timeouts: SshTimeouts, sock: Duplex | undefined): Promise<Client> {
  return new Promise<Client>((resolve, reject) => {
    const client = new Client();
    let presented: string | undefined;
    let settled = false;
    const settle = (error?: SshFailure) => {
      if (settled) return;
      settled = true;
      if (error) {
        client.end();
        reject(error);
      } else {
        resolve(client);
      }
    };
    const userAtHost = `${hop.username}@${hop.host}:${hop.port}`;
    const config: ConnectConfig = {
      host: hop.host,
      port: hop.port,
      sock: sock as ConnectConfig['sock'],
      username: hop.username,
      readyTimeout: timeouts.readyTimeoutMs,
      keepaliveInterval: timeouts.keepaliveIntervalMs,
      keepaliveCountMax: timeouts.keepaliveCountMax,
      tryKeyboard: false,
      // Called with the raw key blob once the server proved it owns the key; returning false ends the
      // handshake before authentication, so no credential ever reaches an unverified server.
      hostVerifier: (key: Buffer) => {
        presented = fingerprintOf(key);
        return hop.fingerprint !== null && presented === hop.fingerprint;
      },
    };
    if (hop.privateKey) config.privateKey = hop.privateKey;
    if (hop.passphrase) config.passphrase = hop.passphrase;
    if (hop.password) config.password = hop.password;

    client.once('ready', () => {
      // Requests are small packets waiting for small answers: Nagle's algorithm plus delayed ACKs
      // would add ~40 ms to every command (measured), so send at once, as OpenSSH does.
      client.setNoDelay(true);
      settle();
    });
    client.on('error', (error: Error & { level?: string; code?: string }) => {
      settle(describeConnectError(error, hop, presented, userAtHost, timeouts.readyTimeoutMs));
    });
    client.once('close', () => {
      settle(new SshFailure('unreachable', hop.label, `${hop.label}: the server closed the connection during the SSH handshake`, { userAtHost }));
    });
    try {
      client.connect(config);
    } catch (error) {
      settle(new SshFailure('protocol', hop.label, `${hop.label}: ${(error as Error).message}`, { userAtHost }));
    }
  });
}

function describeConnectError(
  error: Error & { level?: string; code?: string },
  hop: SshHop,
  presented: string | undefined,
  userAtHost: string,
  readyTimeoutMs: number,
): SshFailure {
  const at = `${hop.host}:${hop.port}`;
  if (presented && hop.fingerprint === null) {
    return new SshFailure(
      'host-key-unpinned',
      hop.label,
      `${hop.label}: the host key is not confirmed yet (the server presented ${presented})`,
      { presentedFingerprint: presented, userAtHost },
    );
  }
  if (presented && presented !== hop.fingerprint) {
    return new SshFailure(
      'host-key-mismatch',
      hop.label,
      `${hop.label}: HOST KEY MISMATCH — expected ${hop.fingerprint}, the server presented ${presented}. ` +
        'If the host was reinstalled or its key rotated on purpose, confirm the new fingerprint and save it; otherwise someone may be intercepting the connection.',
      { presentedFingerprint: presented, expectedFingerprint: hop.fingerprint!, userAtHost },
    );
  }
  switch (error.level) {
    case 'client-authentication':
      return new SshFailure('auth', hop.label, `authentication failed for ${userAtHost}: the server refused the configured key/password`, { userAtHost });
    case 'client-timeout':
      return new SshFailure('timeout', hop.label, `${hop.label}: no SSH handshake within ${readyTimeoutMs} ms`, { userAtHost });
    case 'client-dns':
      return new SshFailure('unreachable', hop.label, `${hop.label}: cannot resolve ${hop.host}`, { userAtHost });
    case 'client-socket': {
      const reason = error.code === 'ECONNREFUSED' ? 'connection refused' : error.code ?? error.message;
      return new SshFailure('unreachable', hop.label, `${hop.label}: cannot reach ${at} (${reason})`, { userAtHost });
    }
    default:
      return new SshFailure('protocol', hop.label, `${hop.label}: SSH handshake failed (${error.message.split('\n')[0]})`, { userAtHost });
  }
}

/** Opens a TCP forward from `via` to `to`, the socket of the next hop. */
function forward(via: Client, viaHop: SshHop, to: SshHop, timeoutMs: number): Promise<Duplex> {
  return new Promise<Duplex>((resolve, reject) => {
    let settled = false;
    const timer = setTimeout(() => {
      settled = true;
      reject(new SshFailure('timeout', viaHop.label, `${viaHop.label}: no answer to the forward to ${to.host}:${to.port} within ${timeoutMs} ms`));
    }, timeoutMs);
    via.forwardOut('127.0.0.1', 0, to.host, to.port, (error, stream) => {
      clearTimeout(timer);
      if (settled) {
        if (!error) stream.destroy();
        return;
      }
      settled = true;
      if (error) {
        reject(new SshFailure('channel', viaHop.label, `jump host ${viaHop.label} cannot forward to ${to.host}:${to.port} (${error.message})`));
      } else {
        resolve(stream);
      }
    });
  });
}
