import { Page } from 'playwright-core';

import { Browser, launchBrowser } from './support/browser';
import { Product, startProduct } from './support/product';
import { openedDialog } from './support/dialog';

/** Texts of the users table, one array per row, without the header. */
async function tableRows(page: Page): Promise<string[][]> {
  const rows = page.getByRole('table', { name: 'Users' }).getByRole('row');
  const texts: string[][] = [];
  for (const row of (await rows.all()).slice(1)) {
    texts.push((await row.getByRole('cell').allInnerTexts()).map((text) => text.trim()));
  }
  return texts;
}

async function rowMenu(page: Page, username: string, item: string): Promise<void> {
  await page.getByRole('button', { name: `Actions for ${username}` }).click();
  await page.getByRole('menuitem', { name: item }).click();
}

/** Waits for a snackbar saying `text` (a new one replaces the previous one). */
async function expectSnack(page: Page, text: string | RegExp, browser?: Browser): Promise<void> {
  try {
    await page.locator('mat-snack-bar-container', { hasText: text }).waitFor({ timeout: 10_000 });
  } catch (error) {
    // Say what the page shows and which API calls left, so a failure can be told apart from a slow machine.
    throw new Error(`${(error as Error).message}\n--- page ---\n${await page.locator('body').innerText()}\n--- API calls ---\n${browser?.recentRequests().join('\n') ?? '(not recorded)'}`);
  }
}

describe('users page against the real API (real server, real Chromium)', () => {
  let product: Product;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    product = await startProduct();
    browser = await launchBrowser();
    page = await browser.newPage();
    await page.goto(`${product.baseUrl}/login?returnUrl=%2Fusers`);
    await page.getByLabel('Username').fill(product.adminUsername);
    await page.getByLabel('Password').fill(product.adminPassword);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL(`${product.baseUrl}/users`);
    await page.getByRole('button', { name: 'Actions for admin' }).waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await product?.stop();
  });

  afterEach(() => {
    expect(browser.errors()).toEqual([]);
  });

  it('creates a member through the dialog', async () => {
    await page.getByRole('button', { name: 'New user' }).click();
    const dialog = await openedDialog(page);
    await dialog.getByLabel('Username').fill('bob');
    await dialog.getByLabel('Password').fill('bob-password-1');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await expectSnack(page, 'User bob created', browser);
    await dialog.waitFor({ state: 'detached' });
    const rows = await tableRows(page);
    expect(rows.map((row) => row.slice(0, 3))).toEqual([
      ['admin (you)', 'admin', 'active'],
      ['bob', 'member', 'active'],
    ]);
    expect(rows[1][4]).toBe('never');
  });

  it('shows the server refusing to demote the last admin', async () => {
    await rowMenu(page, 'admin', 'Make member');
    await expectSnack(page, /last active admin/, browser);
    expect((await tableRows(page))[0][1]).toBe('admin');
  });

  it('deactivates bob, and bob can no longer log in', async () => {
    await rowMenu(page, 'bob', 'Deactivate');
    await expectSnack(page, 'bob deactivated', browser);
    expect((await tableRows(page))[1][2]).toBe('inactive');
    const login = await fetch(`${product.baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'bob', password: 'bob-password-1' }),
    });
    expect(login.status).toBe(401);
  });

  it('deletes bob after confirmation', async () => {
    await rowMenu(page, 'bob', 'Delete…');
    const dialog = await openedDialog(page);
    expect((await dialog.getByRole('heading').innerText()).trim()).toBe('Delete bob?');
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await expectSnack(page, 'User bob deleted', browser);
    expect((await tableRows(page)).map((row) => row[0])).toEqual(['admin (you)']);
  });
});
