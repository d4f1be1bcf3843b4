// One SSH connection per host, shared by every request: a handshake (plus one per jump host)
// costs far more than opening a session on a warm connection (docs/performance.md has the
// figures). Each host gets at most `maxChannels` concurrent sessions, further requests queue
// for a bounded time; idle connections close; an edited host never reuses an old connection.
import { PoolBusyError } from './docker-ssh-errors';
import { SshConnection, SshFailure, type SshHop, type SshTimeouts } from './ssh.client';

export interface PoolSettings {
  /** Concurrent sessions (channels) per host; sshd's MaxSessions defaults to 10. */
  maxChannels: number;
  /** A connection with no session for this long is closed. */
  idleMs: number;
  /** How long a request waits for a free session before a 503. */
  queueTimeoutMs: number;
  timeouts: SshTimeouts;
}

export interface PoolRoute {
  hostId: number;
  /** Changes whenever a host on the path is edited; a different key means a new connection. */
  poolKey: string;
  /** Ids on the path (jump hosts included), so editing a jump host retires its dependents' connections. */
  pathIds: number[];
  hops: SshHop[];
  label: string;
}

/** Commands are short; terminals hold a session for minutes, so they never take the last one. */
export type SessionKind = 'command' | 'terminal';

export interface Lease {
  connection: SshConnection;
  release(): void;
}

type Opener = (hops: SshHop[], timeouts: SshTimeouts) => Promise<SshConnection>;

interface Waiter {
  kind: SessionKind;
  grant: () => void;
  fail: (error: Error) => void;
}

interface Entry {
  route: PoolRoute;
  connection?: Promise<SshConnection>;
  active: number;
  terminals: number;
  waiters: Waiter[];
  idleTimer?: NodeJS.Timeout;
  retired: boolean;
}

export class SshConnectionPool {
  private readonly entries = new Map<number, Entry>();
  private readonly retired = new Set<Entry>();
  private handshakes = 0;
  private closing = false;

  constructor(
    private readonly settings: PoolSettings,
    private readonly open: Opener = (hops, timeouts) => SshConnection.open(hops, timeouts),
  ) {}

  /**
   * Runs `work` on a session slot of the host's shared connection. A connection found dead
   * (closed by the server or the network between requests) is replaced once, transparently.
   */
  async withConnection<T>(route: PoolRoute, work: (connection: SshConnection) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const { lease, reused } = await this.acquire(route, 'command');
      try {
        return await work(lease.connection);
      } catch (error) {
        const stale = error instanceof SshFailure && error.kind === 'closed' && reused && attempt === 1;
        if (!stale) throw error;
        this.forget(route.hostId, lease.connection);
      } finally {
        lease.release();
      }
    }
  }

  /** A session slot for a long-lived terminal; the caller must release it when the terminal ends. */
  async lease(route: PoolRoute, kind: SessionKind): Promise<Lease> {
    return (await this.acquire(route, kind)).lease;
  }

  /** Retires every connection whose path goes through `hostId` (it was edited or deleted). */
  evict(hostId: number): void {
    for (const [id, entry] of this.entries) {
      if (entry.route.pathIds.includes(hostId)) this.retire(id, entry);
    }
  }

  /** For tests and the benchmark: connections made so far and what each host holds now. */
  stats(): { handshakes: number; hosts: { hostId: number; active: number; terminals: number; queued: number }[] } {
    return {
      handshakes: this.handshakes,
      hosts: [...this.entries.values()].map((e) => ({ hostId: e.route.hostId, active: e.active, terminals: e.terminals, queued: e.waiters.length })),
    };
  }

  async closeAll(): Promise<void> {
    this.closing = true;
    const all = [...this.entries.values(), ...this.retired];
    this.entries.clear();
    this.retired.clear();
    await Promise.all(all.map((entry) => this.closeEntry(entry)));
  }

  private async acquire(route: PoolRoute, kind: SessionKind): Promise<{ lease: Lease; reused: boolean }> {
    if (this.closing) throw new SshFailure('closed', route.label, 'the server is shutting down');
    const entry = this.entryFor(route);
    await this.waitForSlot(entry, kind);
    const reused = entry.connection !== undefined;
    let connection: SshConnection;
    try {
      connection = await this.connect(entry);
    } catch (error) {
      this.releaseSlot(entry, kind);
      throw error;
    }
    let released = false;
    const lease: Lease = {
      connection,
      release: () => {
        if (released) return;
        released = true;
        this.releaseSlot(entry, kind);
      },
    };
    return { lease, reused };
  }

  private entryFor(route: PoolRoute): Entry {
    const current = this.entries.get(route.hostId);
    if (current && current.route.poolKey === route.poolKey) return current;
    if (current) this.retire(route.hostId, current);
    const entry: Entry = { route, active: 0, terminals: 0, waiters: [], retired: false };
    this.entries.set(route.hostId, entry);
    return entry;
  }

  private connect(entry: Entry): Promise<SshConnection> {
    if (!entry.connection) {
      this.handshakes++;
      const opening = this.open(entry.route.hops, this.settings.timeouts);
      entry.connection = opening;
      opening.then(
        (connection) => connection.onClose(() => this.forget(entry.route.hostId, connection)),
        // A failed connect is not cached: the next request tries again.
        () => {
          if (this.entries.get(entry.route.hostId) === entry) this.entries.delete(entry.route.hostId);
          entry.retired = true;
        },
      );
    }
    return entry.connection;
  }

  private waitForSlot(entry: Entry, kind: SessionKind): Promise<void> {
    if (entry.idleTimer) {
      clearTimeout(entry.idleTimer);
      entry.idleTimer = undefined;
    }
    if (this.fits(entry, kind)) {
      this.take(entry, kind);
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        kind,
        grant: () => {
          clearTimeout(timer);
          this.take(entry, kind);
          resolve();
        },
        fail: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      const timer = setTimeout(() => {
        entry.waiters.splice(entry.waiters.indexOf(waiter), 1);
        reject(new PoolBusyError(entry.route.label, this.settings.maxChannels, this.settings.queueTimeoutMs));
      }, this.settings.queueTimeoutMs);
      entry.waiters.push(waiter);
    });
  }

  private fits(entry: Entry, kind: SessionKind): boolean {
    if (entry.active >= this.settings.maxChannels) return false;
    return kind === 'command' || entry.terminals < Math.max(1, this.settings.maxChannels - 1);
  }

  private take(entry: Entry, kind: SessionKind): void {
    entry.active++;
    if (kind === 'terminal') entry.terminals++;
  }

  private releaseSlot(entry: Entry, kind: SessionKind): void {
    entry.active--;
    if (kind === 'terminal') entry.terminals--;
    // First come, first served, skipping terminals that still do not fit.
    for (let i = 0; i < entry.waiters.length && entry.active < this.settings.maxChannels; ) {
      if (this.fits(entry, entry.waiters[i].kind)) entry.waiters.splice(i, 1)[0].grant();
      else i++;
    }
    if (entry.active > 0) return;
    if (entry.retired) {
      void this.closeEntry(entry);
      this.retired.delete(entry);
    } else {
      entry.idleTimer = setTimeout(() => this.retire(entry.route.hostId, entry), this.settings.idleMs);
      entry.idleTimer.unref();
    }
  }

  private retire(hostId: number, entry: Entry): void {
    if (this.entries.get(hostId) === entry) this.entries.delete(hostId);
    entry.retired = true;
    if (entry.idleTimer) clearTimeout(entry.idleTimer);
    if (entry.active === 0) void this.closeEntry(entry);
    else this.retired.add(entry);
  }

  /** The connection closed on its own: the next request for the host opens a new one. */
  private forget(hostId: number, connection: SshConnection): void {
    const entry = this.entries.get(hostId);
    if (!entry?.connection) return;
    void entry.connection.then((current) => {
      if (current === connection && this.entries.get(hostId) === entry) this.retire(hostId, entry);
    }, () => undefined);
  }

  private async closeEntry(entry: Entry): Promise<void> {
    if (entry.idleTimer) clearTimeout(entry.idleTimer);
    for (const waiter of entry.waiters.splice(0)) waiter.fail(new SshFailure('closed', entry.route.label, 'the server is shutting down'));
    try {
      (await entry.connection)?.close();
    } catch {
      // It never connected: nothing to close.
    }
  }
}
