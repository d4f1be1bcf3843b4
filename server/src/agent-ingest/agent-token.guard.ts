import { CanActivate, ExecutionContext, Injectable, ServiceUnavailableException, UnauthorizedException } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { createHash, timingSafeEqual } from 'node:crypto';
import { setting } from '../config/app-config';

export const INGEST_DISABLED = 'agent ingest is disabled: set ARCHNEST_AGENT_TOKEN';
/** One answer for a missing and a wrong token, so a caller learns nothing about which it was. */
export const INVALID_AGENT_TOKEN = 'a valid agent token is required: send Authorization: Bearer <ARCHNEST_AGENT_TOKEN>';

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/** The token after `Bearer ` (scheme case-insensitive, RFC 7235), or '' when there is none. */
export function bearerToken(header: unknown): string {
  if (typeof header !== 'string') return '';
  const match = /^Bearer +(.+)$/i.exec(header);
  return match ? match[1] : '';
}

/**
 * Agent ingest's own authentication (SPEC §3): one shared secret, not a user login. Both sides
 * are compared as SHA-256 digests, so timingSafeEqual always gets equal lengths and the time
 * taken says nothing about the token's length or content. Ingest is off (503) until the
 * operator sets ARCHNEST_AGENT_TOKEN: it never accepts anything unauthenticated.
 */
@Injectable()
export class AgentTokenGuard implements CanActivate {
  private readonly expected: Buffer | null;

  constructor(config: ConfigService) {
    const token = setting(config, 'ARCHNEST_AGENT_TOKEN');
    this.expected = token ? digest(token) : null;
  }

  canActivate(context: ExecutionContext): boolean {
    if (!this.expected) throw new ServiceUnavailableException(INGEST_DISABLED);
    const request = context.switchToHttp().getRequest<{ headers: Record<string, unknown> }>();
    const presented = bearerToken(request.headers.authorization);
    // Compared even when empty (never a match: the token has 16+ characters), so a missing
    // header costs the same as a wrong one.
    if (!timingSafeEqual(digest(presented), this.expected)) {
      throw new UnauthorizedException(INVALID_AGENT_TOKEN);
    }
    return true;
  }
}
