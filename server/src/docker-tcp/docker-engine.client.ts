import Docker from 'dockerode';
import { Agent as HttpAgent, type ClientRequestArgs } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type { Socket } from 'node:net';
import type { Duplex, Readable } from 'node:stream';
import { inspect } from 'node:util';
import type { DockerInspectJson } from '../containers/inspect-to-container';
import { EngineError, classifyEngineFailure } from './engine-error';
import type { EngineListEntry } from './list-to-summary';
import type { EngineStatsJson } from './engine-stats';
import { formatEngineAddress, type EngineAddress } from './engine-url';

/**
 * The only file that talks to dockerode: everything else sees these methods and our own
 * types, so the Docker library can change without touching the services or their tests.
 *
 * Time bounds (docs/docker-tcp.md):
 * - the connection (TCP connect + TLS handshake) must be up within `connectMs`;
 * - calls the engine answers at once (`quick`: ping, list, inspect, pause…) must be answered
 *   within `connectMs` too, so an engine that accepts connections and then says nothing
 *   counts as unreachable in seconds, not after the long request timeout;
 * - calls that wait for the container (`slow`: start, stop, restart, remove, stats, logs)
 *   must finish within `requestMs`.
 */
export interface EngineEndpoint {
  address: EngineAddress;
  /** PEM text. */
  ca?: string;
  cert?: string;
  key?: string;
}

export interface EngineTimeouts {
  connectMs: number;
  requestMs: number;
}

export interface EngineVersion {
  version: string | null;
  apiVersion: string | null;
  os: string | null;
  arch: string | null;
}

export type ContainerAction = 'start' | 'stop' | 'restart' | 'pause' | 'unpause';

/** An interactive process inside a container: a raw TTY stream both ways. */
export interface EngineExec {
  stream: Duplex;
  resize(cols: number, rows: number): Promise<void>;
  /** Whether it still runs and its exit code once it stopped. */
  inspect(): Promise<{ running: boolean; exitCode: number | null }>;
}

type Budget = 'quick' | 'slow';

// docker-modem follows HTTP redirects to any host on its own. An engine has no reason to
// redirect, and following would let a hostile one aim our requests elsewhere: never follow.
(require('docker-modem/lib/http') as { maxRedirects: number }).maxRedirects = 0;

export class DockerEngineClient {
  private readonly docker: Docker;
  private readonly agent: HttpAgent;
  private readonly target: string;
  /** Connections still being set up; tells "could not connect" from "connected, no answer". */
  private connecting = 0;

  constructor(
    endpoint: EngineEndpoint,
    private readonly timeouts: EngineTimeouts,
  ) {
    this.target = formatEngineAddress(endpoint.address);
    this.agent = this.createAgent(endpoint);
    this.docker = new Docker({
      host: endpoint.address.host,
      port: endpoint.address.port,
      protocol: endpoint.address.tls ? 'https' : 'http',
      // The TLS material lives in the agent only: docker-modem would otherwise carry it in every
      // request's options, which its debug log (DEBUG=modem) prints. Explicit undefined also beats
      // docker-modem's DOCKER_CERT_PATH / DOCKER_CLIENT_TIMEOUT defaults from the server's environment.
      ca: undefined,
      cert: undefined,
      key: undefined,
      timeout: undefined,
      agent: this.agent,
    } as Docker.DockerOptions);
  }

  /** Releases pooled connections (host edited or deleted). */
  close(): void {
    this.agent.destroy();
  }

  version(): Promise<EngineVersion> {
    return this.call('version', 'quick', async (abortSignal) => {
      const v = (await callWith(this.docker, this.docker.version, { abortSignal })) as unknown as Record<string, unknown>;
      const text = (value: unknown) => (typeof value === 'string' ? value.slice(0, 100) : null);
      return { version: text(v?.Version), apiVersion: text(v?.ApiVersion), os: text(v?.Os), arch: text(v?.Arch) };
    });
  }

  listContainers(): Promise<EngineListEntry[]> {
    return this.call('list containers', 'quick', async (abortSignal) => {
      const list: unknown = await this.docker.listContainers({ all: true, abortSignal } as Docker.ContainerListOptions);
      if (!Array.isArray(list)) throw new EngineError('engine', `${this.target} answered the container list with something that is not a list`);
      return list as EngineListEntry[];
    });
  }

  /** The status line `docker ps` prints for one container, or null. */
  statusText(id: string): Promise<string | null> {
    return this.call('list containers', 'quick', async (abortSignal) => {
      const list: unknown = await this.docker.listContainers({ all: true, filters: { id: [id] }, abortSignal } as Docker.ContainerListOptions);
      const entry = Array.isArray(list) ? (list as EngineListEntry[]).find((c) => c.Id === id) : undefined;
      return typeof entry?.Status === 'string' ? entry.Status : null;
    });
  }

  /** `ref` must have passed isContainerRef(): it becomes a path segment. */
  inspectContainer(ref: string): Promise<DockerInspectJson> {
    return this.call('inspect', 'quick', async (abortSignal) => {
      const json: unknown = await this.docker.getContainer(ref).inspect({ abortSignal } as object);
      if (typeof json !== 'object' || json === null) throw new EngineError('engine', `${this.target} answered inspect with something that is not JSON`);
      return json as DockerInspectJson;
    });
  }

  /** Runs an action; false when the engine reports there was nothing to do (HTTP 304). */
  containerAction(id: string, action: ContainerAction): Promise<boolean> {
    const budget: Budget = action === 'pause' || action === 'unpause' ? 'quick' : 'slow';
    return this.call(action, budget, async (abortSignal) => {
      try {
        const container = this.docker.getContainer(id);
        await callWith(container, container[action], { abortSignal });
        return true;
      } catch (error) {
        if ((error as { statusCode?: number }).statusCode === 304) return false;
        throw error;
      }
    });
  }

  removeContainer(id: string, force: boolean): Promise<void> {
    return this.call('remove', 'slow', async (abortSignal) => {
      await this.docker.getContainer(id).remove({ force, abortSignal } as object);
    });
  }

  /** One stats sample: `stream=false` makes the engine wait for a second reading, so precpu is filled. */
  stats(id: string): Promise<EngineStatsJson> {
    return this.call('stats', 'slow', async (abortSignal) => {
      const json: unknown = await this.docker.getContainer(id).stats({ stream: false, abortSignal } as object);
      if (typeof json !== 'object' || json === null) throw new EngineError('engine', `${this.target} answered stats with something that is not JSON`);
      return json as EngineStatsJson;
    });
  }

  /**
   * Streams a container's logs (multiplexed unless it has a TTY, no follow) into `consume`,
   * inside the same time budget, so the caller can parse and cap as the bytes arrive.
   */
  logs<T>(id: string, options: { tail: number; timestamps: boolean }, consume: (stream: Readable, signal: AbortSignal) => Promise<T>): Promise<T> {
    return this.call('logs', 'slow', async (abortSignal) => {
      const stream = await new Promise<Readable>((resolve, reject) =>
        this.docker.modem.dial(
          {
            path: `/containers/${id}/logs?`,
            method: 'GET',
            isStream: true,
            abortSignal,
            options: { stdout: true, stderr: true, follow: false, tail: options.tail, timestamps: options.timestamps },
            statusCodes: { 200: true, 404: 'no such container', 500: 'server error' },
          },
          (error: unknown, result: unknown) => (error ? reject(error) : resolve(result as Readable)),
        ),
      );
      abortSignal.addEventListener('abort', () => stream.destroy(), { once: true });
      return consume(stream, abortSignal);
    });
  }

  /** Starts `argv` with a TTY; the caller owns the stream and must end it. */
  startExec(id: string, argv: string[], env: string[]): Promise<EngineExec> {
    return this.call('exec', 'quick', async (abortSignal) => {
      const exec = await this.docker.getContainer(id).exec({
        Cmd: argv, Env: env, AttachStdin: true, AttachStdout: true, AttachStderr: true, Tty: true, abortSignal,
      } as Docker.ExecCreateOptions);
      const stream = (await exec.start({ hijack: true, stdin: true, Tty: true, abortSignal } as Docker.ExecStartOptions)) as Duplex;
      if (abortSignal.aborted) {
        // Upgraded just as the budget ran out: nobody will read this session, so do not leave it open.
        stream.destroy();
        throw new Error('aborted');
      }
      // The pool's idle timeout must not apply to a terminal that is quiet for a while.
      (stream as Partial<Socket>).setTimeout?.(0);
      return {
        stream,
        resize: (cols, rows) => this.call('exec resize', 'quick', async (signal) => void (await exec.resize({ w: cols, h: rows, abortSignal: signal } as object))),
        inspect: () =>
          this.call('exec inspect', 'quick', async (signal) => {
            const info = (await exec.inspect({ abortSignal: signal } as object)) as { Running?: unknown; ExitCode?: unknown };
            return { running: info.Running === true, exitCode: typeof info.ExitCode === 'number' ? info.ExitCode : null };
          }),
      };
    });
  }

  /** Runs `argv` in the background (no TTY, no streams) and waits only for the engine to accept it. */
  runDetached(id: string, argv: string[]): Promise<void> {
    return this.call('exec', 'quick', async (abortSignal) => {
      const exec = await this.docker.getContainer(id).exec({ Cmd: argv, AttachStdout: false, AttachStderr: false, abortSignal } as Docker.ExecCreateOptions);
      const answer = (await exec.start({ Detach: true, abortSignal } as Docker.ExecStartOptions)) as Partial<Readable> | undefined;
      // Drain the empty answer so the pooled connection is freed.
      answer?.resume?.();
    });
  }

  /**
   * Every engine call goes through here: one time budget, one error vocabulary. The timer
   * both aborts the request and settles the promise, so even a call that ignores the
   * signal cannot hang the caller.
   */
  private call<T>(what: string, budget: Budget, run: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const limit = budget === 'quick' ? this.timeouts.connectMs : this.timeouts.requestMs;
    const controller = new AbortController();
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(this.timeoutError(what, budget, limit));
        controller.abort();
      }, limit);
      run(controller.signal).then(
        (value) => {
          clearTimeout(timer);
          resolve(value);
        },
        (error: unknown) => {
          clearTimeout(timer);
          reject(classifyEngineFailure(error, this.target));
        },
      );
    });
  }

  private timeoutError(what: string, budget: Budget, limit: number): EngineError {
    if (this.connecting > 0) return connectTimeout(this.target, this.timeouts.connectMs);
    return budget === 'quick'
      ? new EngineError('unreachable', `Docker engine at ${this.target} accepted the connection but did not answer '${what}' within ${limit} ms (ARCHNEST_DOCKER_CONNECT_TIMEOUT_MS): is this really a Docker API endpoint, and is dockerd healthy?`)
      : new EngineError('timeout', `Docker engine at ${this.target} did not finish '${what}' within ${limit} ms (ARCHNEST_DOCKER_REQUEST_TIMEOUT_MS)`);
  }

  /** A keep-alive agent holding the TLS material, whose sockets must be connected (and TLS-handshaken) within connectMs. */
  private createAgent(endpoint: EngineEndpoint): HttpAgent {
    const tls = endpoint.address.tls;
    const options = { keepAlive: true, maxSockets: 16, timeout: 30_000 };
    const agent = tls ? new HttpsAgent({ ...options, ca: endpoint.ca, cert: endpoint.cert, key: endpoint.key }) : new HttpAgent(options);
    const create = agent.createConnection.bind(agent);
    const limit = this.timeouts.connectMs;
    const target = this.target;
    agent.createConnection = (opts: ClientRequestArgs, callback?: (err: Error | null, stream: Duplex) => void) => {
      const socket = create(opts, callback);
      if (!socket) return socket;
      this.connecting++;
      let pending = true;
      const settle = () => {
        if (!pending) return;
        pending = false;
        this.connecting--;
        clearTimeout(timer);
      };
      const timer = setTimeout(() => {
        settle();
        socket.destroy(connectTimeout(target, limit));
      }, limit);
      socket.once(tls ? 'secureConnect' : 'connect', settle);
      socket.once('close', settle);
      return socket;
    };
    // docker-modem formats every request's options with util.inspect (depth: null) for its debug
    // log even when that log is off; a short name keeps it from walking the whole socket pool.
    Object.defineProperty(agent, inspect.custom, { value: () => `DockerEngineAgent(${target})` });
    return agent;
  }
}

function connectTimeout(target: string, ms: number): EngineError {
  return new EngineError('unreachable', `Cannot reach the Docker engine at ${target}: no connection within ${ms} ms (ARCHNEST_DOCKER_CONNECT_TIMEOUT_MS); check the address, the port and any firewall in between`);
}

/** dockerode accepts options (the abort signal) on methods whose typings omit them. */
function callWith(self: object, method: unknown, options: object): Promise<unknown> {
  return (method as (options: object) => Promise<unknown>).call(self, options);
}
