import { Page } from 'playwright-core';

import { Fleet, api, createMember, logIn, startFleet } from './containers-setup';
import { Browser, launchBrowser, screenshot } from './support/browser';
import { openedDialog } from './support/dialog';

/** The hosts page against the real product, the real sshd (trust on first use) and the real engine. */
describe('hosts page (real server, agent, engine, sshd; real Chromium)', () => {
  let fleet: Fleet;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    fleet = await startFleet();
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

  const rowOf = (tableName: string, text: string) =>
    page.getByRole('table', { name: tableName }).getByRole('row').filter({ hasText: text });

  /** Waits for a result of a save; when it does not come, fails with what the page shows instead (a refusal, a form error). */
  async function shows(locator: ReturnType<Page['locator']>): Promise<void> {
    try {
      await locator.waitFor({ timeout: 15_000 });
    } catch (error) {
      // Field values are not in innerText: list them (lengths only, keys are secrets), with their validity.
      const fields = await page.evaluate(() =>
        [...document.querySelectorAll('mat-dialog-container input, mat-dialog-container textarea')]
          .map((el) => `${el.getAttribute('formcontrolname')}: ${(el as HTMLInputElement).value.length} chars${el.classList.contains('ng-invalid') ? ' INVALID' : ''}`)
          .join('\n'),
      );
      throw new Error(`${(error as Error).message}\n--- page ---\n${await page.locator('body').innerText()}\n--- dialog fields ---\n${fields}\n--- API calls ---\n${browser.recentRequests().join('\n')}\n--- server ---\n${fleet.product.output().slice(-3000)}`);
    }
  }

  async function openHosts(username?: string, password?: string): Promise<void> {
    await logIn(page, fleet, username, password);
    await page.getByRole('link', { name: 'Hosts' }).click();
    await page.getByRole('heading', { name: 'Hosts', level: 1 }).waitFor();
  }

  it('adds an SSH host, tests it, and pins the host key the admin confirmed', async () => {
    const name = `${fleet.prefix}-ssh`;
    await openHosts();
    await page.getByRole('button', { name: 'Add SSH host' }).click();
    const dialog = await openedDialog(page);
    await dialog.getByLabel('Name', { exact: true }).fill(name);
    await dialog.getByLabel('Host name or IP address', { exact: true }).fill(fleet.env.ssh.host);
    await dialog.getByLabel('Port', { exact: true }).fill(String(fleet.env.ssh.port));
    await dialog.getByLabel('Username', { exact: true }).fill(fleet.env.ssh.username);
    await dialog.getByLabel('Private key (OpenSSH or PEM)', { exact: true }).fill(fleet.env.ssh.privateKey);
    await dialog.getByRole('button', { name: 'Add' }).click();
    await shows(rowOf('SSH hosts', name));
    expect(await rowOf('SSH hosts', name).innerText()).toContain('unconfirmed');

    await page.getByRole('button', { name: `Test ${name}` }).click();
    const trust = await openedDialog(page);
    await trust.getByRole('heading', { name: `Trust the host key of ${name}?` }).waitFor();
    // The key the real sshd presented, as ssh-keygen -lf prints it on that machine.
    expect((await trust.getByTestId('presented-fingerprint').innerText()).trim()).toBe(fleet.env.ssh.hostKeyFingerprint);
    await trust.getByRole('button', { name: 'Trust this key' }).click();

    await rowOf('SSH hosts', name).filter({ hasText: 'OK: ' }).waitFor({ timeout: 20_000 });
    const cells = await rowOf('SSH hosts', name).innerText();
    expect(cells).toContain(fleet.env.ssh.hostKeyFingerprint);
    const stored = await api<{ hostKeyFingerprint: string }[]>(fleet, 'GET', '/api/docker-ssh/hosts');
    expect(stored.map((h) => h.hostKeyFingerprint)).toEqual([fleet.env.ssh.hostKeyFingerprint]);
  });

  it('adds a Docker API host, tests it, edits and deletes it', async () => {
    const name = `${fleet.prefix} engine`;
    await openHosts();
    await page.getByRole('button', { name: 'Add Docker API host' }).click();
    const dialog = await openedDialog(page);
    await dialog.getByLabel('Name', { exact: true }).fill(name);
    await dialog.getByLabel('Engine URL', { exact: true }).fill(fleet.env.dockerTcpUrl);
    await dialog.getByRole('button', { name: 'Add' }).click();
    await shows(rowOf('Docker API hosts', name));

    await page.getByRole('button', { name: `Test ${name}` }).click();
    await rowOf('Docker API hosts', name).filter({ hasText: /OK: .*Docker/ }).waitFor({ timeout: 20_000 });

    await page.getByRole('button', { name: `Edit ${name}` }).click();
    await (await openedDialog(page)).getByLabel('Engine URL', { exact: true }).fill('tcp://127.0.0.1:1');
    await page.getByRole('dialog').getByRole('button', { name: 'Save' }).click();
    await rowOf('Docker API hosts', 'tcp://127.0.0.1:1').waitFor();
    await page.getByRole('button', { name: `Test ${name}` }).click();
    // Nothing listens there: the test says so in the row, it is not a page error.
    await rowOf('Docker API hosts', name).filter({ hasText: 'Failed: ' }).waitFor({ timeout: 20_000 });

    await page.getByRole('button', { name: `Delete ${name}` }).click();
    await (await openedDialog(page)).getByRole('button', { name: 'Delete' }).click();
    await page.getByText(`${name} deleted`).waitFor();
    expect(await rowOf('Docker API hosts', name).count()).toBe(0);
  });

  it('lists the agent host with its last report, gives install commands for this server, and forgets a host', async () => {
    await openHosts();
    const agentRow = rowOf('Agent hosts', fleet.agentHostId);
    await agentRow.waitFor();
    const text = await agentRow.innerText();
    expect(text).toMatch(/\d+ s ago/);
    expect(text).toContain('reporting');
    expect(text).toContain('e2e-docker-host');
    const commands = await page.getByTestId('agent-install-commands').innerText();
    expect(commands).toContain(`ARCHNEST_URL=${fleet.product.baseUrl}`);
    await screenshot(page, 'hosts');

    await page.getByRole('button', { name: `Forget ${fleet.agentHostId}` }).click();
    await (await openedDialog(page)).getByRole('button', { name: 'Forget' }).click();
    await page.getByText(`${fleet.agentHostId} forgotten`).waitFor();
    expect(await agentRow.count()).toBe(0);
    const left = await api<{ hostId: string }[]>(fleet, 'GET', '/api/agents/docker/hosts');
    expect(left.map((h) => h.hostId)).not.toContain(fleet.agentHostId);
    // Its next report brings it back, as the confirmation said.
    await fleet.report();
  });

  it('shows a member every host and no button that changes one', async () => {
    const tcpName = `${fleet.prefix} seen by members`;
    const sshName = `${fleet.prefix}-seen-by-members`;
    await api(fleet, 'POST', '/api/docker/hosts', { name: tcpName, url: fleet.env.dockerTcpUrl });
    await api(fleet, 'POST', '/api/docker-ssh/hosts', { name: sshName, host: fleet.env.ssh.host, port: fleet.env.ssh.port, username: fleet.env.ssh.username, password: fleet.env.ssh.password });
    await openHosts('mia', 'mia-password-1');
    await rowOf('Agent hosts', fleet.agentHostId).waitFor();
    await rowOf('Docker API hosts', tcpName).waitFor();
    await rowOf('SSH hosts', sshName).waitFor();
    for (const label of ['Add SSH host', 'Add Docker API host', `Forget ${fleet.agentHostId}`]) {
      expect(await page.getByRole('button', { name: label }).count()).toBe(0);
    }
    expect(await page.getByRole('button', { name: /^(Test|Edit|Delete) / }).count()).toBe(0);
  });
});
