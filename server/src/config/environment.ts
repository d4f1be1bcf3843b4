import { plainToInstance } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  validateSync,
} from 'class-validator';

/**
 * Every environment variable ArchNest reads, with its bounds.
 * docs/configuration.md and the README table describe the same list: keep them in step.
 */
export class Environment {
  @IsInt() @Min(1) @Max(65535)
  ARCHNEST_PORT = 4000;

  @IsString() @MinLength(1)
  ARCHNEST_HOST = '0.0.0.0';

  @IsString() @MinLength(1)
  ARCHNEST_DATA_DIR = './data';

  /** When set, PostgreSQL replaces the embedded SQLite file (several stateless instances can share it). */
  @IsOptional() @Matches(/^postgres(ql)?:\/\/.+/, { message: 'must be a postgres:// or postgresql:// URL' })
  DATABASE_URL?: string;

  @IsString() @Matches(/^[A-Za-z0-9._-]{3,64}$/, { message: 'must be 3-64 characters of letters, digits, dot, underscore or dash' })
  ARCHNEST_ADMIN_USERNAME = 'admin';

  @IsOptional() @IsString() @MinLength(8) @MaxLength(256)
  ARCHNEST_ADMIN_PASSWORD?: string;

  @IsOptional() @IsString() @MinLength(32, { message: 'must be at least 32 characters (use e.g. `openssl rand -hex 32`)' })
  ARCHNEST_JWT_SECRET?: string;

  /** Access-token lifetime in seconds. */
  @IsInt() @Min(60) @Max(30 * 24 * 3600)
  ARCHNEST_JWT_EXPIRES_IN = 12 * 3600;

  /** Login attempts allowed per client address per minute. */
  @IsInt() @Min(1) @Max(10000)
  ARCHNEST_LOGIN_RATE_LIMIT = 10;

  /** Default body limit for every route (agent ingest has its own). */
  @IsInt() @Min(1024) @Max(10 * 1024 * 1024)
  ARCHNEST_BODY_LIMIT_BYTES = 100 * 1024;

  /** Shared secret of the push agents; ingest is off while it is unset. */
  @IsOptional() @IsString() @MinLength(16, { message: 'must be at least 16 characters (use e.g. `openssl rand -hex 32`)' }) @MaxLength(512)
  ARCHNEST_AGENT_TOKEN?: string;

  @IsInt() @Min(1000) @Max(7 * 24 * 3600 * 1000)
  ARCHNEST_AGENT_STALE_MS = 90_000;

  /** Agent reports accepted per host id per minute (an agent sends 2; more is a loop or a shared host id). */
  @IsInt() @Min(1) @Max(100_000)
  ARCHNEST_AGENT_RATE_LIMIT = 60;

  @IsInt() @Min(1024) @Max(64 * 1024 * 1024)
  ARCHNEST_AGENT_MAX_BODY_BYTES = 2 * 1024 * 1024;

  /** 32-byte key (64 hex chars or base64) that encrypts stored TLS keys and SSH credentials. */
  @IsOptional() @Matches(/^([0-9a-fA-F]{64}|[A-Za-z0-9+/]{43}=)$/, { message: 'must be 32 bytes as 64 hex characters or 44 base64 characters' })
  ARCHNEST_SECRET_KEY?: string;

  @IsInt() @Min(100) @Max(60_000)
  ARCHNEST_DOCKER_CONNECT_TIMEOUT_MS = 5000;

  @IsInt() @Min(1000) @Max(600_000)
  ARCHNEST_DOCKER_REQUEST_TIMEOUT_MS = 30_000;

  @IsInt() @Min(1) @Max(64)
  ARCHNEST_SSH_MAX_SESSIONS = 4;

  /** A pooled SSH connection with no session for this long is closed (the next request reconnects). */
  @IsInt() @Min(1000) @Max(24 * 3600 * 1000)
  ARCHNEST_SSH_IDLE_MS = 300_000;

  /** Folder of the built console; empty disables serving it. */
  @IsOptional() @IsString()
  ARCHNEST_CLIENT_DIR?: string;

  /** Extra origins allowed by CORS and by WebSocket upgrades, comma separated (the console's own origin is always allowed). */
  @IsOptional() @IsString() @MaxLength(2000)
  ARCHNEST_ALLOWED_ORIGINS?: string;

  @IsIn(['error', 'warn', 'log', 'debug', 'verbose'])
  ARCHNEST_LOG_LEVEL = 'log';
}

// Every declared field, optional ones included: with ES2022+ class fields (the server's target)
// an optional field without an initializer still exists on the instance, as undefined.
const DEFAULTS = new Environment();
const KEYS = Object.keys(DEFAULTS);
const INTEGER_KEYS = new Set(KEYS.filter((key) => typeof DEFAULTS[key as keyof Environment] === 'number'));

/**
 * Validates process.env at start-up. A bad value stops the server with one line
 * naming the variable and what it accepts.
 */
export function validateEnvironment(raw: Record<string, unknown>): Environment {
  const plain: Record<string, unknown> = {};
  for (const key of KEYS) {
    const value = raw[key];
    if (value === undefined || value === '') continue;
    plain[key] = INTEGER_KEYS.has(key) && /^-?\d+$/.test(String(value)) ? Number(value) : value;
  }
  const env = plainToInstance(Environment, plain, { exposeDefaultValues: true });
  const errors = validateSync(env, { skipMissingProperties: false });
  if (errors.length > 0) {
    const first = errors[0];
    const constraints = first.constraints ?? {};
    // A type error ("must be an integer") says more than a bound about a value like "eighty".
    const key = Object.keys(constraints).find((k) => k.startsWith('is')) ?? Object.keys(constraints)[0];
    const why = (key && constraints[key]) || 'is invalid';
    const shown = /SECRET|TOKEN|PASSWORD|KEY/.test(first.property) ? '(value hidden)' : JSON.stringify(raw[first.property]);
    throw new Error(`Invalid configuration: ${first.property} ${shown} ${why.replace(first.property + ' ', '')}`);
  }
  return env;
}

