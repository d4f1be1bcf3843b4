// Shared by the reliability specs: an app with planted canary secrets whose every response and
// log line is recorded, so each spec can prove in afterAll that no secret ever left the server.
import { ConsoleLogger, Logger, type LoggerService, type LogLevel } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadTestEnv } from '../../../testing/test-env';
import { createApp } from '../../src/configure-app';
import { ADMIN, sessionHelpers, type TestApp } from '../test-app';

export const testEnv = loadTestEnv();
const tag = randomBytes(6).toString('hex');

/**
 * Secrets the server holds during the reliability suite. Each is distinctive, so any occurrence
 * in a response or a log line is a leak. The TLS key is the real client key of the test engine
 * (the server must hold a key it can use); its base64 lines are the canaries.
 */
export const CANARY = {
  agentToken: `canary-agent-token-${tag}`,
  sshPassword: `canary-ssh-password-${tag}`,
  containerEnv: `canary-env-secret-${tag}`,
  jwtSecret: `canary-jwt-secret-${tag}-${'j'.repeat(20)}`,
  // ARCHNEST_SECRET_KEY: 32 bytes as hex; the key that seals stored credentials must never show either.
  secretKey: randomBytes(32).toString('hex'),
};

/** Every secret to search for, with a name for the report. */
export function canaryNeedles(): { name: string; value: string }[] {
  const keyLines = testEnv.dockerTls.key
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length >= 40 && !l.startsWith('-----'));
  return [
    ...Object.entries(CANARY).map(([name, value]) => ({ name, value })),
    ...keyLines.map((value, i) => ({ name: `tlsKey line ${i + 1}`, value })),
  ];
}

/** Records response bodies and server log output; `leaks()` lists every canary found. */
export class Recorder {
  private readonly chunks: { where: string; text: string }[] = [];
  private restore: (() => void) | null = null;
  responses = 0;

  record(where: string, text: string): void {
    this.chunks.push({ where, text });
  }

  /**
   * Captures the server log: every Nest logger call goes through one static logger instance,
   * replaced here by a recording one (the app's configured log level still applies), and console
   * calls (TypeORM prints its errors there) are recorded on their way through.
   */
  captureLogs(echo = process.env.RELIABILITY_ECHO_LOGS === '1'): void {
    const statics = Logger as unknown as { staticInstanceRef?: LoggerService };
    const previous = statics.staticInstanceRef;
    const recorder = this;
    class RecordingLogger extends ConsoleLogger {
      protected override printMessages(messages: unknown[], context = '', logLevel: LogLevel = 'log', stream?: 'stdout' | 'stderr', stack?: unknown): void {
        for (const message of messages) recorder.record(`log:${logLevel}`, `${context} ${typeof message === 'string' ? message : JSON.stringify(message)} ${typeof stack === 'string' ? stack : ''}`);
        if (echo) super.printMessages(messages, context, logLevel, stream, stack);
      }
      protected override printStackTrace(stack: string): void {
        recorder.record('log:stack', stack ?? '');
        if (echo) super.printStackTrace(stack);
      }
    }
    Logger.overrideLogger(new RecordingLogger());
    const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((level) => {
      const original = console[level].bind(console);
      console[level] = (...args: unknown[]) => {
        recorder.record(`log:console.${level}`, args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' '));
        original(...args);
      };
      return () => (console[level] = original);
    });
    this.restore = () => {
      statics.staticInstanceRef = previous;
      for (const undo of spies) undo();
    };
  }

  stopLogs(): void {
    this.restore?.();
    this.restore = null;
  }

  logText(): string {
    return this.chunks.filter((c) => c.where.startsWith('log:')).map((c) => c.text).join('');
  }

  leaks(): { canary: string; where: string; excerpt: string }[] {
    const found: { canary: string; where: string; excerpt: string }[] = [];
    for (const { name, value } of canaryNeedles()) {
      for (const chunk of this.chunks) {
        const at = chunk.text.indexOf(value);
        if (at >= 0) found.push({ canary: name, where: chunk.where, excerpt: chunk.text.slice(Math.max(0, at - 60), at + 20) });
      }
    }
    return found;
  }
}

export interface ObservedApp extends TestApp {
  recorder: Recorder;
}

/**
 * The real app (same bootstrap as main.ts and createTestApp) with the canary agent token, JWT
 * secret and sealing key, logging at `verbose`, and a Fastify onSend hook that records every
 * response body and its headers, whether it came through app.inject or a real socket.
 */
export async function createObservedApp(env: Record<string, string> = {}): Promise<ObservedApp> {
  const recorder = new Recorder();
  recorder.captureLogs();
  const dataDir = mkdtempSync(join(tmpdir(), 'archnest-rel-'));
  let app: NestFastifyApplication;
  try {
    app = await createApp({
      ARCHNEST_DATA_DIR: dataDir,
      ARCHNEST_ADMIN_USERNAME: ADMIN.username,
      ARCHNEST_ADMIN_PASSWORD: ADMIN.password,
      ARCHNEST_CLIENT_DIR: join(dataDir, 'no-client'),
      ARCHNEST_AGENT_TOKEN: CANARY.agentToken,
      ARCHNEST_JWT_SECRET: CANARY.jwtSecret,
      ARCHNEST_SECRET_KEY: CANARY.secretKey,
      ARCHNEST_LOG_LEVEL: 'verbose',
      ARCHNEST_LOGIN_RATE_LIMIT: '10000',
      ...env,
    });
    const fastify = app.getHttpAdapter().getInstance();
    fastify.addHook('onSend', async (request, reply, payload) => {
      recorder.responses++;
      const body = typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString('utf8') : '(stream)';
      recorder.record(`${request.method} ${request.url.slice(0, 200)} → ${reply.statusCode}`, `${JSON.stringify(reply.getHeaders())}\n${body}`);
      return payload;
    });
    await app.init();
    await fastify.ready();
  } catch (error) {
    recorder.stopLogs();
    throw error;
  }
  return {
    app,
    dataDir,
    recorder,
    ...sessionHelpers(app),
    async close() {
      try {
        await app.close();
      } finally {
        recorder.stopLogs();
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
  };
}

export type Headers = Record<string, string>;

export const AGENT_HEADERS: Headers = { authorization: `Bearer ${CANARY.agentToken}` };

/** A valid one-container report; `seq` lands in agentVersion and a label, so tests can tell reports apart. */
export function agentReport(hostId: string, seq = 1, extra: { envSecret?: string } = {}): Record<string, unknown> {
  return {
    hostId,
    hostname: `${hostId}.example.test`,
    agentVersion: String(seq),
    reportedAt: new Date().toISOString(),
    containers: [
      {
        id: 'a'.repeat(63) + (seq % 10),
        name: 'web',
        image: 'nginx:1.27',
        imageId: 'sha256:' + 'b'.repeat(64),
        state: 'running',
        status: 'Up 3 hours',
        createdAt: '2026-06-20T16:20:11Z',
        startedAt: '2026-06-20T16:20:12Z',
        finishedAt: null,
        exitCode: 0,
        restartCount: 0,
        restartPolicy: 'unless-stopped',
        health: 'healthy',
        ports: [{ hostIp: '0.0.0.0', hostPort: 8080, containerPort: 80, proto: 'tcp' }],
        networks: [{ name: 'bridge', ip: '172.17.0.2' }],
        mounts: [{ type: 'volume', source: 'web_data', destination: '/data', rw: true }],
        // The agent should have masked DB_PASSWORD; a hostile or old one did not: the server must.
        env: [{ key: 'NODE_ENV', value: 'production' }, { key: 'DB_PASSWORD', value: extra.envSecret ?? CANARY.containerEnv }],
        command: 'nginx -g daemon off;',
        entrypoint: '/docker-entrypoint.sh',
        labels: { 'archnest.test/seq': String(seq) },
        stats: { cpuPercent: 1.5, memUsage: 1024, memLimit: 4096, netRxBytes: 1, netTxBytes: 2, blockReadBytes: 3, blockWriteBytes: 4 },
      },
    ],
  };
}

/** Hosts that look real but lead nowhere (nothing listens on port 1), so fuzzing never touches a container. */
export function fakeHostBodies(suffix: string) {
  return {
    tcp: { name: `fake-tcp-${suffix}`, url: 'tcp://127.0.0.1:1' },
    tls: { name: `fake-tls-${suffix}`, url: 'https://127.0.0.1:1', ca: testEnv.dockerTls.ca, cert: testEnv.dockerTls.cert, key: testEnv.dockerTls.key },
    ssh: {
      name: `fake-ssh-${suffix}`,
      host: '127.0.0.1',
      port: 1,
      username: 'archnest',
      password: CANARY.sshPassword,
      hostKeyFingerprint: testEnv.ssh.hostKeyFingerprint,
    },
  };
}

/** POSTs and returns the new id, or throws with the answer. */
export async function create(t: TestApp, url: string, headers: Headers, payload: object): Promise<number> {
  const res = await t.app.inject({ method: 'POST', url, headers, payload });
  if (res.statusCode !== 201) throw new Error(`POST ${url} failed: ${res.statusCode} ${res.body}`);
  return res.json().id as number;
}

export async function postReport(t: TestApp, report: object): Promise<void> {
  const res = await t.app.inject({ method: 'POST', url: '/api/agents/docker/report', headers: AGENT_HEADERS, payload: report });
  if (res.statusCode !== 200) throw new Error(`agent report failed: ${res.statusCode} ${res.body}`);
}

/** `/api/users/:id` → `/api/users/{id}`, the OpenAPI spelling. */
export function openApiPath(url: string): string {
  return url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

/** Fills `:name` segments from `values` (each value is encoded as one path segment). */
export function fillPath(url: string, values: Record<string, string | number>): string {
  return url.replace(/:([A-Za-z0-9_]+)/g, (_, name: string) => {
    if (!(name in values)) throw new Error(`no value for :${name} in ${url}`);
    return encodeURIComponent(String(values[name]));
  });
}

/** Waits until `check` holds, polling every 100 ms. */
export async function waitFor(check: () => Promise<boolean> | boolean, timeoutMs: number, label: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${label}`);
}
