import { randomBytes } from 'node:crypto';
import { accessSync, constants, existsSync, mkdirSync, readFileSync, statfsSync, writeFileSync } from 'node:fs';
import { resolve, join } from 'node:path';

/**
 * Below this the database, its write-ahead log and the generated secrets may not fit. A folder
 * with a few KiB left passed the write probe and then failed inside the first migration with a
 * bare "SQLITE_FULL" and TypeORM's stack (found by test/reliability/faults.e2e-spec.ts).
 */
export const MIN_FREE_BYTES = 8 * 1024 * 1024;

/** Creates the data folder if needed and proves it is writable and has room, so a bad folder fails at start, not on first write. */
export function prepareDataDir(dir: string): string {
  const path = resolve(dir);
  let free: number;
  try {
    mkdirSync(path, { recursive: true, mode: 0o700 });
    accessSync(path, constants.W_OK | constants.R_OK);
    const probe = join(path, '.write-probe');
    writeFileSync(probe, 'ok');
    const stats = statfsSync(path);
    free = stats.bavail * stats.bsize;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new Error(`Data folder ${path} is not usable (${code}): set ARCHNEST_DATA_DIR to a writable folder with free space`);
  }
  if (free < MIN_FREE_BYTES) {
    throw new Error(
      `Data folder ${path} has only ${Math.floor(free / 1024)} KiB free and ArchNest needs at least ${MIN_FREE_BYTES / 1024 / 1024} MiB: ` +
        'free some space there, or set ARCHNEST_DATA_DIR to a folder with room',
    );
  }
  return path;
}

/**
 * Reads a generated secret from the data folder, creating it (mode 600) on first use.
 * Keeping it on disk means a restart keeps sessions and decrypts stored credentials.
 */
export function loadOrCreateSecretFile(dataDir: string, name: string, bytes: number): Buffer {
  const file = join(dataDir, name);
  if (existsSync(file)) {
    const text = readFileSync(file, 'utf8').trim();
    return Buffer.from(text, 'hex');
  }
  const secret = randomBytes(bytes);
  writeFileSync(file, secret.toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
  return secret;
}
