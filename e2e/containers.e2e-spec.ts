import { Page } from 'playwright-core';

import { Fleet, createMember, engineState, logIn, registerHosts, startFleet } from './containers-setup';
import { Browser, launchBrowser, screenshot } from './support/browser';
import { eventually } from './support/eventually';

/**
 * The containers console against the real product: fed by the real agent script,
 * with the real engine registered as a Docker API host and as an SSH host.
 */
describe('containers console (real server, agent, engine, sshd; real Chromium)', () => {
  let fleet: Fleet;
  let hosts: { tcpId: number; sshId: number };
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    fleet = await startFleet();
    hosts = await registerHosts(fleet);
    await createMember(fleet, 'mia', 'mia-password-1');
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await fleet?.stop();
  });

  beforeEach(async () => {
    page = await browser.newPage();
    await page.goto(`${fleet.product.baseUrl}/favicon.svg`);
    await page.evaluate(() => localStorage.clear());
  });

  afterEach(async () => {
    await page.close();
    expect(browser.errors()).toEqual([]);
  });

  const tabLabels = async () => (await page.getByRole('tab').allInnerTexts()).map((t) => t.trim());
  const selectedTab = async () => (await page.getByRole('tab', { selected: true }).innerText()).trim();
  const table = () => page.getByRole('table', { name: 'Containers' });
  const row = (name: string) => table().getByRole('row').filter({ has: page.getByRole('button', { name: `Open ${name} in a tab`, exact: true }) });

  async function pickHost(option: RegExp): Promise<void> {
    await page.getByRole('combobox', { name: 'Host' }).click();
    await page.getByRole('option', { name: option }).click();
  }

  async function filterToOurs(): Promise<void> {
    await page.getByLabel('Filter').fill(fleet.prefix);
    await row(fleet.names.web).waitFor();
  }

  async function openTab(name: string): Promise<void> {
    await page.getByRole('button', { name: `Open ${name} in a tab`, exact: true }).click();
    await page.getByRole('heading', { name, exact: true }).waitFor();
  }

  it('picks the agent host, opens two containers, closes one, and a reload restores the rest', async () => {
    await logIn(page, fleet);
    await pickHost(new RegExp(fleet.agentHostId));
    await filterToOurs();
    expect(await page.getByTestId('data-age').innerText()).toMatch(/^reported \d+ s ago$/);
    expect(await page.getByText('Read-only: a push agent only sends reports').isVisible()).toBe(true);
    expect(await table().getByRole('button', { name: /^Actions for/ }).count()).toBe(0);
    const webCells = (await row(fleet.names.web).getByRole('cell').allInnerTexts()).map((t) => t.trim());
    expect(webCells[1]).toBe(fleet.env.image);
    expect(webCells[2]).toBe('running');
    expect(webCells[3]).toMatch(/^\d+\.\d+ %$/);
    expect(webCells[4]).toMatch(/ (B|KiB|MiB)$/);
    expect(webCells[5]).toMatch(/^127\.0\.0\.1:\d+→80\/tcp$/);
    await screenshot(page, 'containers');

    await openTab(fleet.names.web);
    await page.getByRole('tab', { name: 'Containers' }).click();
    await openTab(fleet.names.db);
    await eventually(tabLabels, ['Containers', fleet.names.web, fleet.names.db]);

    // Opening web again selects its tab instead of adding one.
    await page.getByRole('tab', { name: 'Containers' }).click();
    await page.getByRole('button', { name: `Open ${fleet.names.web} in a tab`, exact: true }).click();
    await page.getByRole('tab', { name: fleet.names.web, selected: true }).waitFor();
    await eventually(tabLabels, ['Containers', fleet.names.web, fleet.names.db]);

    const detail = page.getByRole('tabpanel');
    await detail.getByText('API_TOKEN').waitFor();
    const envRow = (await detail.getByRole('table', { name: 'Environment' }).getByRole('row').allInnerTexts()).join('\n');
    expect(envRow).toContain('********');
    expect(envRow).not.toContain('hunter2');
    expect(await detail.getByRole('table', { name: 'Labels' }).innerText()).toContain(fleet.prefix);
    // The agent sends no logs: a note, not an error.
    expect(await detail.locator('section', { hasText: 'Logs' }).innerText()).toContain('not reported by this source');
    await screenshot(page, 'container-detail');

    await page.getByRole('button', { name: `Close ${fleet.names.web}` }).click();
    await page.getByRole('tab', { name: fleet.names.web }).waitFor({ state: 'detached' });
    await eventually(tabLabels, ['Containers', fleet.names.db]);
    await page.waitForURL((url) => url.searchParams.getAll('open').length === 1);

    await page.reload();
    await page.getByRole('heading', { name: fleet.names.db, exact: true }).waitFor();
    await eventually(tabLabels, ['Containers', fleet.names.db]);
    expect(await selectedTab()).toBe(fleet.names.db);
    expect(await page.getByRole('tabpanel').innerText()).toContain('echo db ready');
  });

  it('runs an action as an admin on a Docker API host and shows the new state', async () => {
    await logIn(page, fleet);
    await page.goto(`${fleet.product.baseUrl}/containers?host=tcp:${hosts.tcpId}`);
    await filterToOurs();
    const state = () => row(fleet.names.db).getByRole('cell').nth(2);
    expect((await state().innerText()).trim()).toBe('running');

    await row(fleet.names.db).getByRole('button', { name: `Actions for ${fleet.names.db}` }).click();
    await page.getByRole('menuitem', { name: 'Stop' }).click();
    await page.getByText(`${fleet.names.db} stopped: now exited`).waitFor();
    await page.waitForFunction(
      (name) => [...document.querySelectorAll('tr')].some((tr) => tr.textContent?.includes(name) && tr.textContent.includes('exited')),
      fleet.names.db,
    );
    expect(await engineState(fleet.names.db)).toBe('exited');

    await row(fleet.names.db).getByRole('button', { name: `Actions for ${fleet.names.db}` }).click();
    await page.getByRole('menuitem', { name: 'Start' }).click();
    await page.getByText(`${fleet.names.db} started: now running`).waitFor();
    expect(await engineState(fleet.names.db)).toBe('running');
  });

  it('opens a shell in a Docker API container and runs echo hi', async () => {
    await logIn(page, fleet);
    await page.goto(`${fleet.product.baseUrl}/containers?host=tcp:${hosts.tcpId}`);
    await filterToOurs();
    await openTab(fleet.names.web);
    const panel = page.getByRole('tabpanel');
    // Docker API logs, with timestamps and a refresh.
    await panel.getByRole('log').filter({ hasText: 'hello from web' }).waitFor();
    await panel.getByRole('button', { name: `Open a shell in ${fleet.names.web}` }).click();
    await runEchoHi(panel);
    await screenshot(page, 'exec');

    // The remote terminal follows its panel: a narrower window gives the shell fewer columns.
    const wide = await terminalSize();
    await page.setViewportSize({ width: 900, height: 800 });
    await page.waitForFunction(() => (document.querySelector('.xterm-screen')?.clientWidth ?? 0) < 700);
    await page.waitForTimeout(300);
    const narrow = await terminalSize();
    expect(narrow.cols).toBeLessThan(wide.cols - 20);
    expect(narrow.rows).toBe(wide.rows);
  });

  /** What the shell itself believes its terminal size is (busybox `stty size`). */
  async function terminalSize(): Promise<{ rows: number; cols: number }> {
    const marker = `size-${Math.random().toString(36).slice(2, 8)}`;
    await page.keyboard.type(`echo ${marker} $(stty size)`);
    await page.keyboard.press('Enter');
    const handle = await page
      .waitForFunction((m) => {
        const line = [...document.querySelectorAll('.xterm-rows > div')].map((r) => r.textContent?.trim() ?? '').find((t) => new RegExp(`^${m} \\d+ \\d+$`).test(t));
        return line ?? false;
      }, marker, { timeout: 15_000 })
      .catch(async (error: Error) => {
        // What the terminal shows tells a lost keystroke from a slow shell.
        const screen = await page.evaluate(() => [...document.querySelectorAll('.xterm-rows > div')].map((r) => r.textContent ?? '').filter((t) => t.trim()).join('\n'));
        throw new Error(`${error.message}\n--- terminal ---\n${screen}`);
      });
    const [, rows, cols] = String(await handle.jsonValue()).split(' ');
    return { rows: Number(rows), cols: Number(cols) };
  }

  it('reads logs and opens a shell over SSH', async () => {
    await logIn(page, fleet);
    await pickHost(new RegExp(`${fleet.prefix}-ssh`));
    await filterToOurs();
    await openTab(fleet.names.web);
    const panel = page.getByRole('tabpanel');
    await panel.getByRole('log').filter({ hasText: 'hello from web' }).waitFor();
    await panel.getByRole('button', { name: `Open a shell in ${fleet.names.web}` }).click();
    await runEchoHi(panel);
  });

  it('can be used with the keyboard alone: names, action menus, tabs and their close buttons', async () => {
    await logIn(page, fleet);
    await page.goto(`${fleet.product.baseUrl}/containers?host=tcp:${hosts.tcpId}`);
    await filterToOurs();

    await tabTo(`Actions for ${fleet.names.web}`);
    await page.keyboard.press('Enter');
    await page.getByRole('menuitem', { name: 'Stop' }).waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('menuitem', { name: 'Stop' }).waitFor({ state: 'detached' });

    await tabTo(`Open ${fleet.names.web} in a tab`);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: fleet.names.web, exact: true }).waitFor();
    expect(await selectedTab()).toBe(fleet.names.web);

    await tabTo(`Close ${fleet.names.web}`, true);
    await page.keyboard.press('Enter');
    await page.getByRole('tab', { name: fleet.names.web }).waitFor({ state: 'detached' });
    await eventually(tabLabels, ['Containers']);
  });

  /** Presses Tab (or Shift+Tab) until the element with this accessible label has the focus. */
  async function tabTo(label: string, backwards = false): Promise<void> {
    for (let i = 0; i < 60; i++) {
      await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab');
      const focused = await page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.textContent?.trim() ?? '');
      if (focused === label) return;
    }
    throw new Error(`${label} cannot be reached with the Tab key`);
  }

  it('shows a member no actions and no terminal', async () => {
    await logIn(page, fleet, 'mia', 'mia-password-1');
    await page.goto(`${fleet.product.baseUrl}/containers?host=tcp:${hosts.tcpId}`);
    await filterToOurs();
    expect(await table().getByRole('button', { name: /^Actions for/ }).count()).toBe(0);
    await openTab(fleet.names.web);
    const panel = page.getByRole('tabpanel');
    await panel.getByRole('log').filter({ hasText: 'hello from web' }).waitFor();
    expect(await panel.getByRole('group', { name: `Actions for ${fleet.names.web}` }).count()).toBe(0);
    expect(await panel.getByRole('button', { name: /Open a shell/ }).count()).toBe(0);
  });

  async function runEchoHi(panel: ReturnType<Page['getByRole']>): Promise<void> {
    await panel.getByTestId('exec-status').filter({ hasText: 'Connected' }).waitFor({ timeout: 20_000 });
    await panel.getByTestId('exec-screen').click();
    await page.keyboard.type('echo hi');
    await page.keyboard.press('Enter');
    // The command echoed back, then its output on a line of its own.
    await page.waitForFunction(() => {
      const rows = document.querySelector('.xterm-rows')?.textContent ?? '';
      return /echo hi/.test(rows) && [...document.querySelectorAll('.xterm-rows > div')].some((r) => r.textContent?.trim() === 'hi');
    }, undefined, { timeout: 15_000 });
  }
});
