#!/usr/bin/env node
// `npm start`: builds the server and the console when their build is missing or older than
// their sources, then runs the product in this process's place (signals are passed on).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 24 || (major === 24 && minor < 15)) {
  console.error(`ArchNest needs Node.js 24.15 or newer (this is ${process.version}); see the README's Requirements.`);
  process.exit(1);
}

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function needsBuild(output, sources) {
  if (!existsSync(output)) return true;
  return sources.some((dir) => newestMtime(join(root, dir)) > statSync(output).mtimeMs);
}

const builds = [
  { name: 'server', script: 'build:server', output: join(root, 'dist/server/main.js'), sources: ['server/src'] },
  { name: 'console', script: 'build:client', output: join(root, 'dist/client/browser/index.html'), sources: ['client/src'] },
];
for (const build of builds) {
  if (!needsBuild(build.output, build.sources)) continue;
  console.log(`building the ${build.name}…`);
  const result = spawnSync('npm', ['run', '--silent', build.script], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

const server = spawn(process.execPath, [join(root, 'dist/server/main.js')], { cwd: root, stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
