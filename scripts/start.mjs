#!/usr/bin/env node
// `npm start`: builds the server and the console when their build is missing or older than
// their sources, then runs the product in this process's place (signals are passed on).
import { spawn } from 'node:child_process';
import { CONSOLE_BUILD, ROOT, SERVER_BUILD, ensureBuilt } from './build-freshness.mjs';

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 24 || (major === 24 && minor < 15)) {
  console.error(`ArchNest needs Node.js 24.15 or newer (this is ${process.version}); see the README's Requirements.`);
  process.exit(1);
}

ensureBuilt(SERVER_BUILD);
ensureBuilt(CONSOLE_BUILD);

const server = spawn(process.execPath, [SERVER_BUILD.output], { cwd: ROOT, stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
