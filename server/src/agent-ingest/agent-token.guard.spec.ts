import { HttpException, type ExecutionContext } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { AgentTokenGuard, INGEST_DISABLED, INVALID_AGENT_TOKEN, bearerToken } from './agent-token.guard';

const TOKEN = 'agent-secret-0123456789abcdef';

/** The guard reads one header from the request; the rest of the context is not used. */
function contextWith(authorization?: string): ExecutionContext {
  const request = { headers: authorization === undefined ? {} : { authorization } };
  return { switchToHttp: () => ({ getRequest: () => request }) } as unknown as ExecutionContext;
}

function guardWith(token?: string): AgentTokenGuard {
  return new AgentTokenGuard(new ConfigService(token === undefined ? {} : { ARCHNEST_AGENT_TOKEN: token }));
}

function outcome(guard: AgentTokenGuard, authorization?: string): number | string {
  try {
    return guard.canActivate(contextWith(authorization)) ? 'allowed' : 'refused';
  } catch (error) {
    if (!(error instanceof HttpException)) throw error;
    return `${error.getStatus()} ${error.message}`;
  }
}

describe('AgentTokenGuard', () => {
  const saved = process.env.ARCHNEST_AGENT_TOKEN;
  beforeAll(() => delete process.env.ARCHNEST_AGENT_TOKEN);
  afterAll(() => {
    if (saved !== undefined) process.env.ARCHNEST_AGENT_TOKEN = saved;
  });

  it('answers 503 while ARCHNEST_AGENT_TOKEN is unset, whatever is sent', () => {
    const guard = guardWith(undefined);
    expect(outcome(guard, `Bearer ${TOKEN}`)).toBe(`503 ${INGEST_DISABLED}`);
    expect(outcome(guard)).toBe(`503 ${INGEST_DISABLED}`);
    expect(outcome(guard, 'Bearer ')).toBe(`503 ${INGEST_DISABLED}`);
  });

  it('answers 401 with one message for a missing, empty, wrong, wrong-length or wrong-scheme token', () => {
    const guard = guardWith(TOKEN);
    const refused = `401 ${INVALID_AGENT_TOKEN}`;
    expect(outcome(guard)).toBe(refused);
    expect(outcome(guard, '')).toBe(refused);
    expect(outcome(guard, 'Bearer ')).toBe(refused);
    expect(outcome(guard, `Bearer ${TOKEN.slice(0, -1)}x`)).toBe(refused); // same length, last character differs
    expect(outcome(guard, `Bearer ${TOKEN.slice(0, -1)}`)).toBe(refused); // one character short
    expect(outcome(guard, `Bearer ${TOKEN}${TOKEN}`)).toBe(refused); // longer
    expect(outcome(guard, `Bearer ${'x'.repeat(100_000)}`)).toBe(refused);
    expect(outcome(guard, `Basic ${TOKEN}`)).toBe(refused);
    expect(outcome(guard, TOKEN)).toBe(refused);
    expect(outcome(guard, `Bearer ${TOKEN.toUpperCase()}`)).toBe(refused);
  });

  it('lets the right token through (scheme case-insensitive)', () => {
    const guard = guardWith(TOKEN);
    expect(outcome(guard, `Bearer ${TOKEN}`)).toBe('allowed');
    expect(outcome(guard, `bearer ${TOKEN}`)).toBe('allowed');
  });

  it('never puts the token in its messages', () => {
    expect(INVALID_AGENT_TOKEN).not.toContain(TOKEN);
    expect(String(outcome(guardWith(TOKEN), `Bearer ${TOKEN}x`))).not.toContain(TOKEN);
  });

  it('extracts the bearer token', () => {
    expect(bearerToken(`Bearer ${TOKEN}`)).toBe(TOKEN);
    expect(bearerToken(undefined)).toBe('');
    expect(bearerToken(['Bearer a'])).toBe('');
    expect(bearerToken('Token abc')).toBe('');
  });
});
