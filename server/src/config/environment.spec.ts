import { validateEnvironment } from './environment';

describe('validateEnvironment', () => {
  it('applies documented defaults', () => {
    const env = validateEnvironment({});
    expect(env).toMatchObject({ ARCHNEST_PORT: 4000, ARCHNEST_DATA_DIR: './data', ARCHNEST_ADMIN_USERNAME: 'admin', ARCHNEST_AGENT_STALE_MS: 90000, ARCHNEST_AGENT_MAX_BODY_BYTES: 2097152 });
    expect(env.ARCHNEST_AGENT_TOKEN).toBeUndefined();
  });

  it('converts integers and keeps strings', () => {
    const env = validateEnvironment({ ARCHNEST_PORT: '8080', ARCHNEST_AGENT_TOKEN: 'a'.repeat(32) });
    expect(env.ARCHNEST_PORT).toBe(8080);
    expect(env.ARCHNEST_AGENT_TOKEN).toBe('a'.repeat(32));
  });

  it('reads the optional settings too (they have no default to list them)', () => {
    const optional = {
      DATABASE_URL: 'postgres://db/archnest',
      ARCHNEST_ADMIN_PASSWORD: 'p'.repeat(12),
      ARCHNEST_JWT_SECRET: 'j'.repeat(40),
      ARCHNEST_AGENT_TOKEN: 't'.repeat(20),
      ARCHNEST_SECRET_KEY: 'ab'.repeat(32),
      ARCHNEST_CLIENT_DIR: '/srv/console',
      ARCHNEST_ALLOWED_ORIGINS: 'https://ops.example',
    };
    expect(validateEnvironment(optional)).toMatchObject(optional);
  });

  it.each([
    [{ ARCHNEST_PORT: '70000' }, /^Invalid configuration: ARCHNEST_PORT "70000" must not be greater than 65535$/],
    [{ ARCHNEST_PORT: 'eighty' }, /ARCHNEST_PORT "eighty" .*number/],
    [{ ARCHNEST_JWT_SECRET: 'short' }, /ARCHNEST_JWT_SECRET \(value hidden\) must be at least 32 characters/],
    [{ DATABASE_URL: 'mysql://x' }, /DATABASE_URL "mysql:\/\/x" must be a postgres/],
    [{ ARCHNEST_LOG_LEVEL: 'loud' }, /ARCHNEST_LOG_LEVEL/],
    [{ ARCHNEST_SECRET_KEY: 'abc' }, /ARCHNEST_SECRET_KEY \(value hidden\) must be 32 bytes/],
  ])('stops with one line naming the variable: %j', (raw, message) => {
    expect(() => validateEnvironment(raw)).toThrow(message);
    try {
      validateEnvironment(raw);
    } catch (error) {
      expect((error as Error).message.split('\n')).toHaveLength(1);
      expect((error as Error).message).not.toContain('short');
    }
  });
});
