// Whether a build output is missing or older than its sources, and building it when so.
// Shared by `npm start` and the benchmarks that run the built server.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = new URL('..', import.meta.url).pathname;

export function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Runs `npm run <script>` when `output` is missing or older than any file under `sources`; exits on failure. */
export function ensureBuilt({ name, script, output, sources }) {
  const stale = !existsSync(output) || sources.some((dir) => newestMtime(join(ROOT, dir)) > statSync(output).mtimeMs);
  if (!stale) return output;
  console.log(`building the ${name}…`);
  const result = spawnSync('npm', ['run', '--silent', script], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
  return output;
}

export const SERVER_BUILD = { name: 'server', script: 'build:server', output: join(ROOT, 'dist/server/main.js'), sources: ['server/src'] };
export const CONSOLE_BUILD = { name: 'console', script: 'build:client', output: join(ROOT, 'dist/client/browser/index.html'), sources: ['client/src'] };
