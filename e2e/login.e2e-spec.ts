import { Page } from 'playwright-core';

import { eventually } from './support/eventually';
import { Browser, launchBrowser, screenshot } from './support/browser';
import { Product, apiLogin, startProduct } from './support/product';

/** The console's login form, as a user sees it. */
async function logIn(page: Page, username: string, password: string): Promise<void> {
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
}

async function navItems(page: Page): Promise<string[]> {
  const nav = page.getByRole('navigation', { name: 'Main navigation' });
  await nav.getByRole('link').first().waitFor();
  return (await nav.getByRole('link').allInnerTexts()).map((text) => text.trim());
}

describe('console login and shell (real server, real Chromium)', () => {
  let product: Product;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    product = await startProduct();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await product?.stop();
  });

  beforeEach(async () => {
    page = await browser.newPage();
    // The profile is shared by the tests of this file: start each one logged
    // out, from a static file of the origin so the app does not boot first.
    await page.goto(`${product.baseUrl}/favicon.svg`);
    await page.evaluate(() => localStorage.clear());
  });

  afterEach(async () => {
    await page.close();
    expect(browser.errors()).toEqual([]);
  });

  it('refuses a wrong password with a clear message', async () => {
    await page.goto(`${product.baseUrl}/`);
    await page.waitForURL(/\/login\?returnUrl=/);
    await page.getByRole('button', { name: 'Log in' }).waitFor();
    await screenshot(page, 'login');

    await logIn(page, 'admin', 'not-the-password');
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect((await alert.innerText()).trim()).toBe('Wrong username or password');
    expect(new URL(page.url()).pathname).toBe('/login');
  });

  it('logs an admin in, shows the shell and the users, and logs out', async () => {
    await page.goto(`${product.baseUrl}/login`);
    await logIn(page, product.adminUsername, product.adminPassword);
    await page.waitForURL(`${product.baseUrl}/containers`);

    const who = page.getByTestId('current-user');
    await who.waitFor();
    expect(await who.locator('.name').innerText()).toBe('admin');
    expect((await who.locator('.role').innerText()).toLowerCase()).toBe('admin');
    expect(await navItems(page)).toEqual(['Containers', 'Hosts', 'Users', 'API docs']);
    const docs = page.getByRole('link', { name: 'API docs' });
    expect(await docs.getAttribute('href')).toBe('/api/docs');
    expect(await docs.getAttribute('target')).toBe('_blank');
    await page.getByRole('heading', { name: 'Containers' }).waitFor();
    await screenshot(page, 'shell');

    await page.getByRole('link', { name: 'Users' }).click();
    await page.waitForURL(`${product.baseUrl}/users`);
    const firstRow = page.getByRole('table', { name: 'Users' }).getByRole('row').nth(1);
    // The table shows a "Loading…" row until the list arrives.
    await eventually(async () => (await firstRow.getByRole('cell').allInnerTexts()).map((text) => text.trim()).slice(0, 3), ['admin (you)', 'admin', 'active']);

    // A reload keeps the session (token in localStorage) and the deep link (SPA fallback).
    await page.reload();
    await page.getByRole('table', { name: 'Users' }).getByRole('cell').first().waitFor();
    expect(new URL(page.url()).pathname).toBe('/users');
    await screenshot(page, 'users');

    await page.getByRole('button', { name: 'Log out' }).click();
    await page.waitForURL(`${product.baseUrl}/login`);
    await page.getByLabel('Username').waitFor();
    expect(await page.evaluate(() => localStorage.length)).toBe(0);
  });

  it('brings a logged-out visitor back to the page they asked for', async () => {
    await page.goto(`${product.baseUrl}/users`);
    await page.waitForURL(`${product.baseUrl}/login?returnUrl=%2Fusers`);
    await logIn(page, product.adminUsername, product.adminPassword);
    await page.waitForURL(`${product.baseUrl}/users`);
    await page.getByRole('table', { name: 'Users' }).waitFor();
  });

  it('folds the navigation behind a menu button on a phone', async () => {
    await page.setViewportSize({ width: 390, height: 800 });
    await page.goto(`${product.baseUrl}/login`);
    await logIn(page, product.adminUsername, product.adminPassword);
    await page.waitForURL(`${product.baseUrl}/containers`);
    const hostsLink = page.getByRole('link', { name: 'Hosts' });
    await page.getByRole('heading', { name: 'Containers' }).waitFor();
    expect(await hostsLink.isVisible()).toBe(false);

    await page.getByRole('button', { name: 'Toggle navigation' }).click();
    await hostsLink.waitFor({ state: 'visible' });
    await hostsLink.click();
    await page.waitForURL(`${product.baseUrl}/hosts`);
    // Choosing a page closes the drawer again.
    await hostsLink.waitFor({ state: 'hidden' });
    await page.getByRole('heading', { name: 'Hosts' }).waitFor();
  });

  it('shows a member no Users page and keeps them out of it', async () => {
    const token = await apiLogin(product, product.adminUsername, product.adminPassword);
    const created = await fetch(`${product.baseUrl}/api/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ username: 'mia', password: 'mia-password-1', role: 'member' }),
    });
    expect(created.status).toBe(201);

    await page.goto(`${product.baseUrl}/login`);
    await logIn(page, 'mia', 'mia-password-1');
    await page.waitForURL(`${product.baseUrl}/containers`);
    expect(await navItems(page)).toEqual(['Containers', 'Hosts', 'API docs']);
    expect((await page.getByTestId('current-user').locator('.role').innerText()).toLowerCase()).toBe('member');

    await page.goto(`${product.baseUrl}/users`);
    await page.waitForURL(`${product.baseUrl}/containers`);
  });
});

describe('console login when throttled (real server, real Chromium)', () => {
  let product: Product;
  let browser: Browser;

  beforeAll(async () => {
    product = await startProduct({ ARCHNEST_LOGIN_RATE_LIMIT: '2' });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await product?.stop();
  });

  it('asks the user to wait once the login rate limit is reached', async () => {
    const page = await browser.newPage();
    await page.goto(`${product.baseUrl}/login`);
    const alert = page.getByRole('alert');
    for (const expected of ['Wrong username or password', 'Wrong username or password', 'Too many attempts, wait a minute']) {
      await logIn(page, 'admin', 'wrong-password');
      await page.waitForFunction(
        (text) => document.querySelector('[role=alert]')?.textContent?.trim() === text,
        expected,
        { timeout: 10_000 },
      );
      expect((await alert.innerText()).trim()).toBe(expected);
    }
    expect(browser.errors()).toEqual([]);
  });
});
