#!/usr/bin/env node
// The whole ArchNest test run (`npm test`): each suite in its own child process,
// output streamed as it happens, then one summary. The last line is always
// `N passed, N failed` and the exit code is non-zero when anything failed.
//
//   node scripts/test-all.mjs                 # everything, in order
//   node scripts/test-all.mjs server client   # a subset, by suite name
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

// The suites, in run order; `name` is what the command line selects. Add a suite here.
const SUITES = [
  { name: 'build', title: 'build (server + client)', command: ['npm', 'run', 'build'] },
  { name: 'testing', title: 'test environment', jest: 'testing/jest.config.js' },
  { name: 'server', title: 'server', jest: 'server/jest.config.js' },
  { name: 'client', title: 'client', jest: 'client/jest.config.js' },
  { name: 'agent', title: 'agent', jest: 'agent/jest.config.js' },
  { name: 'shellcheck', title: 'shellcheck agent/*.sh', shellcheck: 'agent' },
  { name: 'e2e', title: 'browser (e2e)', jest: 'e2e/jest.config.js' },
];

// A suite that hangs must not hang CI forever.
const SUITE_TIMEOUT_MS = Number(process.env.ARCHNEST_SUITE_TIMEOUT_MS ?? 30 * 60_000);
// Jest waits for open handles after the last test; this long after writing its results it is stuck.
const EXIT_GRACE_MS = 60_000;

let current = null;
let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    interrupted = true;
    if (current) killGroup(current, signal);
  });
}

function killGroup(child, signal) {
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

/** Runs a command with inherited stdio in its own process group; resolves { code, note }. */
function runStreaming(argv, { watchFile } = {}) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(argv[0], argv.slice(1), { cwd: ROOT, stdio: 'inherit', detached: true });
    current = child;
    let note = '';
    const timer = setInterval(() => {
      if (Date.now() - started > SUITE_TIMEOUT_MS) {
        note = `killed after ${Math.round(SUITE_TIMEOUT_MS / 1000)} s`;
        killGroup(child, 'SIGKILL');
      } else if (watchFile && existsSync(watchFile) && Date.now() - statSync(watchFile).mtimeMs > EXIT_GRACE_MS) {
        note = 'jest did not exit after its tests (open handles)';
        killGroup(child, 'SIGKILL');
      }
    }, 1_000);
    child.on('error', (error) => {
      note = `cannot start ${argv[0]}: ${error.message}`;
    });
    child.on('close', (code, signal) => {
      clearInterval(timer);
      current = null;
      resolve({ code: code ?? 128, signal, note });
    });
  });
}

async function runCommand(suite) {
  const { code, note } = await runStreaming(suite.command);
  return code === 0 && !note ? { passed: 1, failed: 0 } : { passed: 0, failed: 1, note: note || `exit ${code}` };
}

async function runJest(suite) {
  if (!existsSync(join(ROOT, suite.jest))) return { passed: 0, failed: 1, note: `missing suite (${suite.jest} not found)` };
  const dir = mkdtempSync(join(tmpdir(), 'archnest-jest-'));
  const outputFile = join(dir, 'results.json');
  try {
    const jest = join(ROOT, 'node_modules/jest/bin/jest.js');
    const argv = [process.execPath, '--experimental-vm-modules', jest, '-c', suite.jest, '--json', `--outputFile=${outputFile}`];
    const { code, note } = await runStreaming(argv, { watchFile: outputFile });
    if (!existsSync(outputFile)) {
      return { passed: 0, failed: 1, note: note || `jest exited ${code} before writing results` };
    }
    const results = JSON.parse(readFileSync(outputFile, 'utf8'));
    const passed = results.numPassedTests ?? 0;
    // A test file that does not even load has no failed test, but it is a failure.
    let failed = (results.numFailedTests ?? 0) + (results.numRuntimeErrorTestSuites ?? 0);
    const skipped = (results.numPendingTests ?? 0) + (results.numTodoTests ?? 0);
    const notes = [];
    if (note) notes.push(note);
    if (skipped > 0) notes.push(`${skipped} skipped`);
    if ((code !== 0 || note) && failed === 0) {
      failed = 1;
      if (!note) notes.push(`jest exited ${code}`);
    }
    if (passed + failed === 0) {
      failed = 1;
      notes.push('no tests ran');
    }
    return { passed, failed, note: notes.join('; ') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function runShellcheck(suite) {
  const dir = join(ROOT, suite.shellcheck);
  const scripts = existsSync(dir) ? readdirSync(dir).filter((file) => file.endsWith('.sh')).sort() : [];
  if (scripts.length === 0) return { passed: 0, failed: 1, note: `missing suite (no ${suite.shellcheck}/*.sh)` };
  const { code, note } = await runStreaming(['shellcheck', ...scripts.map((file) => join(suite.shellcheck, file))]);
  return code === 0 && !note ? { passed: 1, failed: 0 } : { passed: 0, failed: 1, note: note || `shellcheck found issues (exit ${code})` };
}

function describe(suite) {
  if (suite.command) return suite.command.join(' ');
  if (suite.jest) return `jest -c ${suite.jest}`;
  return `shellcheck ${suite.shellcheck}/*.sh`;
}

function selectSuites(names) {
  if (names.length === 0) return SUITES;
  const unknown = names.filter((name) => !SUITES.some((suite) => suite.name === name));
  if (unknown.length > 0) {
    console.error(`unknown suite(s): ${unknown.join(', ')}; known: ${SUITES.map((suite) => suite.name).join(', ')}`);
    process.exit(2);
  }
  return SUITES.filter((suite) => names.includes(suite.name));
}

async function main() {
  const args = process.argv.slice(2);
  if (args.includes('--help') || args.includes('-h')) {
    console.log(`usage: node scripts/test-all.mjs [suite...]\nsuites, in run order: ${SUITES.map((suite) => suite.name).join(' ')}`);
    return;
  }
  const selected = selectSuites(args);
  const outcomes = [];
  for (const [index, suite] of selected.entries()) {
    if (interrupted) {
      outcomes.push({ suite, passed: 0, failed: 1, note: 'not run (interrupted)', seconds: 0 });
      continue;
    }
    console.log(`\n=== [${index + 1}/${selected.length}] ${suite.title}: ${describe(suite)} ===\n`);
    const started = Date.now();
    const run = suite.command ? runCommand : suite.jest ? runJest : runShellcheck;
    const outcome = await run(suite);
    outcomes.push({ suite, ...outcome, seconds: (Date.now() - started) / 1000 });
  }

  const width = Math.max(...outcomes.map(({ suite }) => suite.title.length));
  console.log('\n=== Summary ===');
  for (const { suite, passed, failed, note, seconds } of outcomes) {
    const mark = failed > 0 ? 'FAIL' : 'ok  ';
    const figures = `${String(passed).padStart(4)} passed ${String(failed).padStart(3)} failed ${seconds.toFixed(1).padStart(6)} s`;
    console.log(`${mark} ${suite.title.padEnd(width)} ${figures}${note ? `  (${note})` : ''}`);
  }
  const passed = outcomes.reduce((sum, outcome) => sum + outcome.passed, 0);
  const failed = outcomes.reduce((sum, outcome) => sum + outcome.failed, 0);
  console.log(`${passed} passed, ${failed} failed`);
  process.exitCode = failed > 0 ? 1 : 0;
}

await main();
