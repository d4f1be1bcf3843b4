import { HttpException, HttpStatus, Inject, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ThrottlerStorage } from '@nestjs/throttler';
import { setting } from '../config/app-config';

const WINDOW_MS = 60_000;
const THROTTLER_NAME = 'agent-ingest';

/**
 * Per-host rate limit of agent reports, ARCHNEST_AGENT_RATE_LIMIT per minute and host id (default
 * 60; a healthy agent sends 2). It is taken after the token check and the schema, on the report's
 * own hostId: only holders of the agent token spend a host's budget (a stranger cannot lock a host
 * out by posting its id), and a broken report is a 400 that never writes anything anyway. What it
 * stops is an agent in a loop without its sleep, or a leaked token, turning one host id into a
 * write storm on the database. Counters live in @nestjs/throttler's storage: in memory, per
 * instance (like login throttling, docs/decisions.md).
 */
@Injectable()
export class AgentIngestThrottle {
  private readonly limit: number;

  constructor(
    @Inject(ThrottlerStorage) private readonly storage: ThrottlerStorage,
    config: ConfigService,
  ) {
    this.limit = setting(config, 'ARCHNEST_AGENT_RATE_LIMIT');
  }

  /** Counts one report of `hostId`; throws 429 (with the seconds to wait) when the host is over its limit. */
  async take(hostId: string, setRetryAfter: (seconds: number) => void): Promise<void> {
    // blockDuration 0: a sliding window; refused reports are not counted, so a host is never locked out for longer than the window.
    const record = await this.storage.increment(`agent-host:${hostId}`, WINDOW_MS, this.limit, 0, THROTTLER_NAME);
    if (!record.isBlocked) return;
    const wait = Math.max(1, record.timeToBlockExpire);
    setRetryAfter(wait);
    throw new HttpException(
      `Too many reports for host '${hostId}': at most ${this.limit} per minute (ARCHNEST_AGENT_RATE_LIMIT); retry in ${wait} s. ` +
        'Is more than one agent using this host id, or is the agent running without its interval?',
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }
}
