import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BrowserContext, ConsoleMessage, Page, chromium } from 'playwright-core';

import { ROOT } from './product';

const CHROMIUM = '/usr/bin/chromium';
// Quiet, self-contained Chromium: no sandbox (we run as root in a container),
// no GPU, and no calls home (updates, sync, QUIC) from the test machine.
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export const SCREENSHOT_DIR = join(ROOT, 'docs/screenshots');

export interface Browser {
  readonly context: BrowserContext;
  /** A new tab that records console errors and failed page scripts. */
  newPage(): Promise<Page>;
  /** Errors the pages logged (CSP violations, uncaught exceptions, failed loads). */
  errors(): string[];
  /** The last API calls of every page (method, path, status or failure), for failure messages. */
  recentRequests(): string[];
  close(): Promise<void>;
}

/** Debian's Chromium with a fresh profile, driven over CDP by playwright-core. */
export async function launchBrowser(): Promise<Browser> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'archnest-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 800 },
  });
  const errors: string[] = [];
  const watch = (page: Page) => {
    page.on('console', (message: ConsoleMessage) => {
      // Chromium logs every 4xx/5xx answer as an error; those are HTTP answers
      // the console handles (a wrong password is a 401), not faults.
      const text = message.text();
      if (message.type() === 'error' && !text.startsWith('Failed to load resource: the server responded')) {
        errors.push(`console: ${text}`);
      }
    });
    page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
    // Kept so a test that waits in vain can say whether the console's call left, and how it ended.
    const api = (url: string) => new URL(url).pathname.startsWith('/api/');
    page.on('request', (request) => api(request.url()) && remember(`→ ${request.method()} ${new URL(request.url()).pathname}`));
    page.on('response', (response) => api(response.url()) && remember(`← ${response.status()} ${response.request().method()} ${new URL(response.url()).pathname}`));
    page.on('requestfailed', (request) => api(request.url()) && remember(`✗ ${request.method()} ${new URL(request.url()).pathname}: ${request.failure()?.errorText}`));
  };
  const requests: string[] = [];
  const remember = (line: string) => {
    requests.push(`${new Date().toISOString().slice(11, 23)} ${line}`);
    if (requests.length > 40) requests.shift();
  };
  context.pages().forEach(watch);
  context.on('page', watch);
  return {
    context,
    newPage: () => context.newPage(),
    errors: () => [...errors],
    recentRequests: () => [...requests],
    close: async () => {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`) });
}
