import { randomBytes } from 'node:crypto';
import { accessSync, constants, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve, join } from 'node:path';

/** Creates the data folder if needed and proves it is writable, so a bad folder fails at start, not on first write. */
export function prepareDataDir(dir: string): string {
  const path = resolve(dir);
  try {
    mkdirSync(path, { recursive: true, mode: 0o700 });
    accessSync(path, constants.W_OK | constants.R_OK);
    const probe = join(path, '.write-probe');
    writeFileSync(probe, 'ok');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new Error(`Data folder ${path} is not usable (${code}): set ARCHNEST_DATA_DIR to a writable folder with free space`);
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
