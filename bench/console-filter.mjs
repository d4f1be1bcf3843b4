#!/usr/bin/env node
// How fast the containers table filters a 2,000-row list, measured in the real
// console in Debian's Chromium: from the input event of one keystroke to the
// first frame painted after the table and paginator show the new result
// (target: < 100 ms per keystroke).
//
// The built product runs for real (`npm run build` first); only the one host's
// container list is answered by the browser (page.route) with 2,000 generated
// rows, because one agent report holds at most 1,000 containers.
//   node bench/console-filter.mjs            (BENCH_ROWS=2000 BENCH_ROUNDS=10)
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { freePort } from './free-port.mjs';

const ROOT = resolve(import.meta.dirname, '..');
const MAIN = join(ROOT, 'dist/server/main.js');
const CLIENT = join(ROOT, 'dist/client/browser');
const ROWS = Number(process.env.BENCH_ROWS ?? 2000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 10);
const STATES = ['running', 'running', 'running', 'exited', 'paused', 'created', 'restarting'];
const IMAGES = ['nginx:1.27', 'postgres:16', 'redis:7', 'registry.local:5000/shop/api:2.3.1', 'grafana/grafana:11.2.0'];

/** Keystrokes as a user types and deletes, then whole queries that match much, little or nothing. */
const TYPED = ['s', 'sv', 'svc', 'svc-', 'svc-1', 'svc-19', 'svc-199', 'svc-19', 'svc-1', 'svc-', 'svc', 'sv', 's', ''];
const WHOLE = ['running', 'nginx', '8080', 'exited postgres', 'no-such-container', ''];

function rows(count) {
  return Array.from({ length: count }, (_, i) => {
    const state = STATES[i % STATES.length];
    const id = (i.toString(16).padStart(8, '0') + randomBytes(28).toString('hex')).slice(0, 64);
    return {
      id,
      name: `svc-${String(i).padStart(4, '0')}`,
      image: IMAGES[i % IMAGES.length],
      imageId: `sha256:${randomBytes(32).toString('hex')}`,
      state,
      status: state === 'running' ? `Up ${1 + (i % 48)} hours` : state === 'exited' ? `Exited (${i % 3}) 2 days ago` : state,
      health: i % 5 === 0 ? 'healthy' : 'none',
      createdAt: '2026-06-01T10:00:00Z',
      startedAt: '2026-06-01T10:00:05Z',
      ports: i % 4 === 0 ? [{ hostIp: '0.0.0.0', hostPort: 8000 + (i % 100), containerPort: 80, proto: 'tcp' }] : [],
      labels: { 'com.docker.compose.project': `stack-${i % 20}` },
      stats: state === 'running' ? { cpuPercent: (i % 97) / 10, memUsage: (i % 512) * 1048576, memLimit: 2 ** 31 } : null,
    };
  });
}

async function startProduct() {
  for (const built of [MAIN, join(CLIENT, 'index.html')]) {
    if (!existsSync(built)) throw new Error(`${built} is missing: run \`npm run build\` first`);
  }
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'archnest-bench-'));
  const password = `bench-${randomBytes(9).toString('base64url')}`;
  const child = spawn(process.execPath, [MAIN], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      PATH: process.env.PATH,
      HOME: dataDir,
      NODE_ENV: 'production',
      ARCHNEST_HOST: '127.0.0.1',
      ARCHNEST_PORT: String(port),
      ARCHNEST_DATA_DIR: dataDir,
      ARCHNEST_ADMIN_USERNAME: 'admin',
      ARCHNEST_ADMIN_PASSWORD: password,
      ARCHNEST_JWT_SECRET: randomBytes(32).toString('hex'),
      ARCHNEST_CLIENT_DIR: CLIENT,
    },
  });
  let output = '';
  child.stdout.on('data', (c) => (output += c));
  child.stderr.on('data', (c) => (output += c));
  const baseUrl = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    const ok = await fetch(`${baseUrl}/api/health`).then((r) => r.status === 200, () => false);
    if (ok) return { baseUrl, password, stop };
    await new Promise((r) => setTimeout(r, 200));
  }
  await stop();
  throw new Error(`the server did not start:\n${output}`);
}

/**
 * Runs in the page: one input event, then the moment the table body changed
 * (input handling, filter, change detection and DOM writes done) and the start of
 * the second animation frame after it (the updated frame has been painted by then).
 * With `query === null` nothing is typed: the two frames alone, the floor of the figure.
 */
async function measureQuery(query) {
  const input = document.querySelector('input[type="search"]');
  const table = document.querySelector('table[aria-label="Containers"]');
  const label = () => document.querySelector('.mat-mdc-paginator-range-label')?.textContent?.trim() ?? '';
  const frame = () => new Promise((r) => requestAnimationFrame(() => r()));
  await frame();
  let updated = null;
  const observer = new MutationObserver(() => (updated ??= performance.now()));
  observer.observe(table, { childList: true, subtree: true, characterData: true });
  const start = performance.now();
  if (query !== null) {
    input.value = query;
    input.dispatchEvent(new Event('input', { bubbles: true }));
  }
  await frame();
  await frame();
  const painted = performance.now() - start;
  observer.disconnect();
  const match = /of (\d+)$/.exec(label());
  return { painted, updated: updated === null ? null : updated - start, shown: match ? Number(match[1]) : -1 };
}

/** The console's own rule (container-rows.ts), to check that each measured frame shows the right answer. */
function expected(data, query) {
  const terms = query.toLowerCase().split(/\s+/).filter(Boolean);
  return data.filter((r) => {
    const ports = r.ports.map((p) => `${p.hostIp}:${p.hostPort}→${p.containerPort}/${p.proto}`);
    const text = [r.name, r.image, r.state, r.status, r.health !== 'none' ? r.health : '', r.id.slice(0, 12), ...ports].join('\n').toLowerCase();
    return terms.every((t) => text.includes(t));
  }).length;
}

function stats(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { n: sorted.length, median: at(0.5), p95: at(0.95), max: sorted[sorted.length - 1] };
}

async function main() {
  const data = rows(ROWS);
  const product = await startProduct();
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.route('**/api/agents/docker/hosts', (route) =>
      route.fulfill({
        json: [{ hostId: 'bench', hostname: 'bench', agentVersion: '1', reportedAt: new Date().toISOString(), receivedAt: new Date().toISOString(), containerCount: ROWS, stale: false, clockSkewMs: 0, clockSkewWarning: false }],
      }),
    );
    await page.route('**/api/agents/docker/hosts/bench/containers', (route) => route.fulfill({ json: data }));
    await page.goto(`${product.baseUrl}/login`);
    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password').fill(product.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL(/\/containers/);
    await page.goto(`${product.baseUrl}/containers?host=agent:bench`);
    await page.getByText(`of ${ROWS}`).waitFor();

    const typed = { painted: [], updated: [] };
    const whole = { painted: [], updated: [] };
    const idle = [];
    let wrong = 0;
    for (let round = 0; round < ROUNDS; round++) {
      for (const [queries, into] of [[TYPED, typed], [WHOLE, whole]]) {
        for (const query of queries) {
          const result = await page.evaluate(measureQuery, query);
          if (result.shown !== expected(data, query)) wrong++;
          into.painted.push(result.painted);
          // The same query twice in a row changes nothing on screen: no DOM time to record.
          if (result.updated !== null) into.updated.push(result.updated);
        }
      }
      idle.push((await page.evaluate(measureQuery, null)).painted);
    }
    const fmt = (s) => `median ${s.median.toFixed(1)} ms, p95 ${s.p95.toFixed(1)} ms, max ${s.max.toFixed(1)} ms (n=${s.n})`;
    console.log(`${ROWS} rows, page size 50, Chromium ${browser.version()}, ${ROUNDS} rounds`);
    console.log('keystroke → table updated in the DOM (input, filter, change detection, DOM writes):');
    console.log(`  typing and deleting "svc-199": ${fmt(stats(typed.updated))}`);
    console.log(`  whole queries ${WHOLE.map((q) => JSON.stringify(q)).join(', ')}: ${fmt(stats(whole.updated))}`);
    console.log('keystroke → the updated frame painted (two animation frames later):');
    console.log(`  typing and deleting "svc-199": ${fmt(stats(typed.painted))}`);
    console.log(`  whole queries: ${fmt(stats(whole.painted))}`);
    console.log(`  floor (two frames, nothing typed): ${fmt(stats(idle))}`);
    console.log(wrong === 0 ? 'every measured frame showed the right match count' : `WRONG match count in ${wrong} frames`);
    if (wrong > 0) process.exitCode = 1;
  } finally {
    await browser.close();
    await product.stop();
  }
}

await main();
