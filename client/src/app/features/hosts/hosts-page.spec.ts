import { HarnessLoader } from '@angular/cdk/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MatDialogHarness } from '@angular/material/dialog/testing';
import { MatInputHarness } from '@angular/material/input/testing';
import { MatSnackBarHarness } from '@angular/material/snack-bar/testing';
import { MatTableHarness } from '@angular/material/table/testing';
import { provideRouter } from '@angular/router';

import { authInterceptor } from '../../core/auth/auth-interceptor';
import { AuthStore } from '../../core/auth/auth-store';
import { SessionUser } from '../../core/auth/session';
import { SSH_HOST, TCP_HOST, agentHost } from '../../../testing/containers';
import { ADMIN, MEMBER, loginResponse } from '../../../testing/sessions';
import { SshHost } from './hosts-api';
import { HostsPage } from './hosts-page';

const PRESENTED = 'SHA256:nkK+QAeOunFYkSx1kjeMBiS/0h7WuVeUuAYLaWvi5O4';
const OTHER = 'SHA256:AAAAQAeOunFYkSx1kjeMBiS/0h7WuVeUuAYLaWvi5O4';

describe('HostsPage', () => {
  let backend: HttpTestingController;
  let fixture: ComponentFixture<HostsPage>;
  let loader: HarnessLoader;
  let root: HarnessLoader;

  function setUp(user: SessionUser) {
    TestBed.configureTestingModule({
      providers: [provideRouter([]), provideHttpClient(withInterceptors([authInterceptor])), provideHttpClientTesting()],
    });
    TestBed.inject(AuthStore).start(loginResponse(user));
    backend = TestBed.inject(HttpTestingController);
  }

  afterEach(() => backend.verify());

  async function open(ssh: SshHost[] = [SSH_HOST]) {
    fixture = TestBed.createComponent(HostsPage);
    backend.expectOne('/api/docker/hosts').flush([TCP_HOST]);
    backend.expectOne('/api/docker-ssh/hosts').flush(ssh);
    backend.expectOne('/api/agents/docker/hosts').flush([agentHost(new Date(Date.now() - 5000).toISOString()), { ...agentHost('2026-01-01T00:00:00Z', true), hostId: 'old-vm', clockSkewWarning: true, clockSkewMs: -95_000 }]);
    await fixture.whenStable();
    loader = TestbedHarnessEnvironment.loader(fixture);
    root = TestbedHarnessEnvironment.documentRootLoader(fixture);
  }

  const table = (label: string) => loader.getHarness(MatTableHarness.with({ selector: `[aria-label="${label}"]` }));
  const button = (name: string) => loader.getHarness(MatButtonHarness.with({ selector: `[aria-label="${name}"]` }));
  const snack = async () => (await root.getHarness(MatSnackBarHarness)).getMessage();
  const text = () => ((fixture.nativeElement as HTMLElement).textContent ?? '').replace(/\s+/g, ' ');

  describe('as an admin', () => {
    beforeEach(() => setUp(ADMIN));

    it('lists the hosts of every source with their state', async () => {
      await open();
      const tcp = await (await table('Docker API hosts')).getCellTextByColumnName();
      expect(tcp['name'].text).toEqual(['build-server']);
      expect(tcp['tls'].text).toEqual(['none (plain TCP)']);
      const ssh = await (await table('SSH hosts')).getCellTextByColumnName();
      expect(ssh['address'].text).toEqual(['deploy@127.0.0.1:22220']);
      expect(ssh['hostKey'].text[0]).toContain('unconfirmed');
      const agents = await (await table('Agent hosts')).getCellTextByColumnName();
      expect(agents['hostId'].text).toEqual(['vm-1', 'old-vm']);
      expect(agents['lastReport'].text[0]).toMatch(/^[45] s ago$/);
      expect(agents['lastReport'].text[1]).toContain('its clock is off by -95 s');
      expect(agents['state'].text).toEqual(['reporting', 'stale']);
    });

    it('adds a Docker API host through the dialog', async () => {
      await open();
      await (await loader.getHarness(MatButtonHarness.with({ text: 'Add Docker API host' }))).click();
      const dialog = await root.getHarness(MatDialogHarness);
      const inputs = await dialog.getAllHarnesses(MatInputHarness);
      await inputs[0].setValue('edge');
      await inputs[1].setValue('http://10.0.0.9:2375');
      await (await dialog.getHarness(MatButtonHarness.with({ text: 'Add' }))).click();
      backend.expectNone('/api/docker/hosts');
      expect(await dialog.getText()).toContain('tcp://host:port or https://host:port');

      await inputs[1].setValue('tcp://10.0.0.9:2375');
      await (await dialog.getHarness(MatButtonHarness.with({ text: 'Add' }))).click();
      const req = backend.expectOne({ method: 'POST', url: '/api/docker/hosts' });
      expect(req.request.body).toEqual({ name: 'edge', url: 'tcp://10.0.0.9:2375' });
      req.flush({ ...TCP_HOST, id: 9, name: 'edge', url: 'tcp://10.0.0.9:2375' });
      await fixture.whenStable();
      expect((await (await table('Docker API hosts')).getCellTextByColumnName())['name'].text).toEqual(['build-server', 'edge']);
      expect(await snack()).toBe('edge added: test it to check the connection');
    });

    it('tests a Docker API host and shows the result in its row', async () => {
      await open();
      await (await button('Test build-server')).click();
      expect((await (await table('Docker API hosts')).getCellTextByColumnName())['test'].text).toEqual(['testing…']);
      backend.expectOne({ method: 'POST', url: '/api/docker/hosts/3/test' }).flush({ ok: true, message: 'Docker 27.3.1 (API 1.47) answered in 12 ms', engineVersion: '27.3.1', apiVersion: '1.47', os: 'linux', arch: 'amd64', durationMs: 12 });
      await fixture.whenStable();
      expect((await (await table('Docker API hosts')).getCellTextByColumnName())['test'].text).toEqual(['OK: Docker 27.3.1 (API 1.47) answered in 12 ms']);
    });

    it('shows the presented host key after a test and pins it only when the admin trusts it', async () => {
      await open();
      await (await button('Test web-1')).click();
      backend.expectOne({ method: 'POST', url: '/api/docker-ssh/hosts/5/test' }).flush({
        ok: false,
        message: 'The host key is not confirmed yet: compare and pin it',
        presentedFingerprint: PRESENTED,
        pinnedFingerprint: null,
        fingerprintMatches: null,
        dockerVersion: null,
        elapsedMs: 30,
      });
      await fixture.whenStable();
      const dialog = await root.getHarness(MatDialogHarness);
      expect(await dialog.getTitleText()).toBe('Trust the host key of web-1?');
      expect(await dialog.getText()).toContain(PRESENTED);
      await (await dialog.getHarness(MatButtonHarness.with({ text: 'Trust this key' }))).click();

      const pin = backend.expectOne({ method: 'PATCH', url: '/api/docker-ssh/hosts/5' });
      expect(pin.request.body).toEqual({ hostKeyFingerprint: PRESENTED });
      pin.flush({ ...SSH_HOST, hostKeyFingerprint: PRESENTED, hostKeyConfirmed: true });
      await fixture.whenStable();
      // It tests again at once, now with the key pinned.
      backend.expectOne('/api/docker-ssh/hosts/5/test').flush({ ok: true, message: 'Connected as deploy@127.0.0.1:22220; Docker 27.3.1', presentedFingerprint: PRESENTED, pinnedFingerprint: PRESENTED, fingerprintMatches: true, dockerVersion: '27.3.1', elapsedMs: 40 });
      await fixture.whenStable();
      const ssh = await (await table('SSH hosts')).getCellTextByColumnName();
      expect(ssh['hostKey'].text).toEqual([PRESENTED]);
      expect(ssh['test'].text).toEqual(['OK: Connected as deploy@127.0.0.1:22220; Docker 27.3.1']);
      expect(await root.getAllHarnesses(MatDialogHarness)).toHaveLength(0);
    });

    it('warns loudly about a changed host key and changes nothing on cancel', async () => {
      await open([{ ...SSH_HOST, hostKeyFingerprint: OTHER, hostKeyConfirmed: true }]);
      await (await button('Test web-1')).click();
      backend.expectOne('/api/docker-ssh/hosts/5/test').flush({ ok: false, message: 'The host key changed', presentedFingerprint: PRESENTED, pinnedFingerprint: OTHER, fingerprintMatches: false, dockerVersion: null, elapsedMs: 20 });
      await fixture.whenStable();
      const dialog = await root.getHarness(MatDialogHarness);
      expect(await dialog.getTitleText()).toBe('The host key of web-1 changed');
      expect(await dialog.getText()).toContain(OTHER);
      await (await dialog.getHarness(MatButtonHarness.with({ text: 'Cancel' }))).click();
      backend.expectNone('/api/docker-ssh/hosts/5');
      expect((await (await table('SSH hosts')).getCellTextByColumnName())['test'].text).toEqual(['Failed: The host key changed']);
    });

    it('does not ask about a key that is already pinned and matches', async () => {
      await open([{ ...SSH_HOST, hostKeyFingerprint: PRESENTED, hostKeyConfirmed: true }]);
      await (await button('Test web-1')).click();
      backend.expectOne('/api/docker-ssh/hosts/5/test').flush({ ok: false, message: 'Permission denied (publickey)', presentedFingerprint: PRESENTED, pinnedFingerprint: PRESENTED, fingerprintMatches: true, dockerVersion: null, elapsedMs: 20 });
      await fixture.whenStable();
      expect(await root.getAllHarnesses(MatDialogHarness)).toHaveLength(0);
    });

    it('adds an SSH host without a fingerprint and asks for a key or a password first', async () => {
      await open();
      await (await loader.getHarness(MatButtonHarness.with({ text: 'Add SSH host' }))).click();
      const dialog = await root.getHarness(MatDialogHarness);
      const inputs = await dialog.getAllHarnesses(MatInputHarness);
      await inputs[0].setValue('db-1');
      await inputs[1].setValue('127.0.0.1');
      await inputs[2].setValue('22220');
      await inputs[3].setValue('archnest');
      await (await dialog.getHarness(MatButtonHarness.with({ text: 'Add' }))).click();
      expect(await dialog.getText()).toContain('Give a private key, a password, or both.');
      backend.expectNone('/api/docker-ssh/hosts');

      await inputs[6].setValue('secret-password');
      await (await dialog.getHarness(MatButtonHarness.with({ text: 'Add' }))).click();
      const req = backend.expectOne({ method: 'POST', url: '/api/docker-ssh/hosts' });
      expect(req.request.body).toEqual({ name: 'db-1', host: '127.0.0.1', port: 22220, username: 'archnest', password: 'secret-password' });
      req.flush({ ...SSH_HOST, id: 6, name: 'db-1', username: 'archnest', hasPrivateKey: false, hasPassword: true });
      await fixture.whenStable();
      expect(await snack()).toBe('db-1 added: test it to see and confirm its host key');
    });

    it('deletes a host and forgets an agent host after confirmation', async () => {
      await open();
      await (await button('Delete build-server')).click();
      await (await (await root.getHarness(MatDialogHarness)).getHarness(MatButtonHarness.with({ text: 'Delete' }))).click();
      backend.expectOne({ method: 'DELETE', url: '/api/docker/hosts/3' }).flush(null, { status: 204, statusText: 'No Content' });
      await fixture.whenStable();
      expect(text()).toContain('No Docker API host yet');

      await (await button('Forget old-vm')).click();
      const dialog = await root.getHarness(MatDialogHarness);
      expect(await dialog.getText()).toContain('its next report brings old-vm back');
      await (await dialog.getHarness(MatButtonHarness.with({ text: 'Forget' }))).click();
      backend.expectOne({ method: 'DELETE', url: '/api/agents/docker/hosts/old-vm' }).flush(null, { status: 204, statusText: 'No Content' });
      await fixture.whenStable();
      expect((await (await table('Agent hosts')).getCellTextByColumnName())['hostId'].text).toEqual(['vm-1']);
    });

    it('gives copy-paste agent install commands with this server filled in', async () => {
      await open();
      const commands = () => (fixture.nativeElement as HTMLElement).querySelector('[data-testid="agent-install-commands"]')!.textContent!;
      expect(commands()).toContain(`ARCHNEST_URL=${location.origin}`);
      expect(commands()).toContain('ARCHNEST_HOST_ID=docker01');
      expect(commands()).toContain('systemctl enable --now archnest-agent.timer');
      expect(commands()).not.toMatch(/ARCHNEST_AGENT_TOKEN=[0-9a-f]{16}/);
      await (await loader.getHarness(MatInputHarness.with({ value: 'docker01' }))).setValue('proxmox-vm-7');
      expect(commands()).toContain('ARCHNEST_HOST_ID=proxmox-vm-7');
    });
  });

  describe('as a member', () => {
    beforeEach(() => setUp(MEMBER));

    it('sees every host but no button that changes anything', async () => {
      await open();
      expect((await (await table('Docker API hosts')).getCellTextByColumnName())['name'].text).toEqual(['build-server']);
      const labels = await Promise.all((await loader.getAllHarnesses(MatButtonHarness)).map((b) => b.getText()));
      expect(labels.filter((l) => /Add|Test|Edit|Delete|Forget/.test(l))).toEqual([]);
    });
  });
});
