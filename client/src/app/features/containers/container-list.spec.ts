import { HarnessLoader } from '@angular/cdk/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MatDialogHarness } from '@angular/material/dialog/testing';
import { MatInputHarness } from '@angular/material/input/testing';
import { MatMenuHarness } from '@angular/material/menu/testing';
import { MatPaginatorHarness } from '@angular/material/paginator/testing';
import { MatSelectHarness } from '@angular/material/select/testing';
import { MatSnackBarHarness } from '@angular/material/snack-bar/testing';
import { MatSortHarness } from '@angular/material/sort/testing';
import { MatTableHarness } from '@angular/material/table/testing';
import { provideRouter } from '@angular/router';

import { authInterceptor } from '../../core/auth/auth-interceptor';
import { AuthStore } from '../../core/auth/auth-store';
import { CACHE, DB, SSH_HOST, TCP_HOST, WEB, agentHost, containerId } from '../../../testing/containers';
import { ADMIN, MEMBER, loginResponse } from '../../../testing/sessions';
import { SessionUser } from '../../core/auth/session';
import { ContainerSummary } from './container-model';
import { ContainerList } from './container-list';
import { HostRef } from './host-ref';

const TCP_LIST = '/api/docker/hosts/3/containers';
const AGENT_LIST = '/api/agents/docker/hosts/vm-1/containers';

describe('ContainerList', () => {
  let backend: HttpTestingController;
  let fixture: ComponentFixture<ContainerList>;
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

  async function show(host: HostRef | null, rows: ContainerSummary[], url = host?.source === 'agent' ? AGENT_LIST : TCP_LIST) {
    fixture = TestBed.createComponent(ContainerList);
    if (host) fixture.componentRef.setInput('host', host);
    backend.expectOne('/api/docker/hosts').flush([TCP_HOST]);
    backend.expectOne('/api/docker-ssh/hosts').flush([SSH_HOST]);
    backend.expectOne('/api/agents/docker/hosts').flush([agentHost(new Date(Date.now() - 12_000).toISOString(), true)]);
    await fixture.whenStable();
    backend.expectOne(url).flush(rows);
    await fixture.whenStable();
    loader = TestbedHarnessEnvironment.loader(fixture);
    root = TestbedHarnessEnvironment.documentRootLoader(fixture);
  }

  const cells = async () => (await loader.getHarness(MatTableHarness)).getCellTextByColumnName();
  const headers = async () => (await loader.getHarness(MatTableHarness)).getHeaderRows().then((r) => r[0].getCellTextByColumnName());
  const text = () => (fixture.nativeElement as HTMLElement).textContent ?? '';

  describe('as an admin', () => {
    beforeEach(() => setUp(ADMIN));

    it('lists the hosts of all three sources, grouped, with their state and data age', async () => {
      await show({ source: 'docker-tcp', id: '3' }, [WEB]);
      const select = await loader.getHarness(MatSelectHarness);
      await select.open();
      const groups = await select.getOptionGroups();
      expect(await Promise.all(groups.map((g) => g.getLabelText()))).toEqual(['Docker API (TCP)', 'Docker over SSH', 'Push agent']);
      const options = await Promise.all((await select.getOptions()).map((o) => o.getText()));
      expect(options[0]).toContain('build-server');
      expect(options[0]).toContain('tcp://127.0.0.1:23750');
      expect(options[1]).toContain('deploy@127.0.0.1:22220');
      expect(options[1]).toContain('unconfirmed');
      expect(options[2]).toContain('vm-1');
      expect(options[2]).toContain('stale');
      expect(options[2]).toMatch(/reported 1[12] s ago/);
      expect(text()).toMatch(/updated \d s ago/);
    });

    it('shows name, image, state with health, CPU, memory and ports', async () => {
      await show({ source: 'docker-tcp', id: '3' }, [WEB, DB, CACHE]);
      const c = await cells();
      expect(c['name'].text).toEqual(['web', 'db', 'cache']);
      expect(c['image'].text).toEqual(['nginx:1.27', 'postgres:16', 'redis:7']);
      expect(c['state'].text).toEqual(['running healthy', 'exited', 'paused']);
      expect(c['cpu'].text).toEqual(['1.50 %', '— not reported by this source', '0.00 %']);
      expect(c['memory'].text).toEqual(['20.0 MiB', '— not reported by this source', '3.00 MiB']);
      expect(c['ports'].text).toEqual(['0.0.0.0:8080→80/tcp', '', '6379/tcp']);
    });

    it('filters as the user types and says when nothing matches', async () => {
      await show({ source: 'docker-tcp', id: '3' }, [WEB, DB, CACHE]);
      const filter = await loader.getHarness(MatInputHarness.with({ placeholder: 'name, image, state, port…' }));
      await filter.setValue('redis');
      expect((await cells())['name'].text).toEqual(['cache']);
      await filter.setValue('nothing-like-this');
      expect(text()).toContain('No container matches "nothing-like-this"');
      await filter.setValue('');
      expect((await cells())['name'].text).toEqual(['web', 'db', 'cache']);
    });

    it('sorts by a column header, both ways', async () => {
      await show({ source: 'docker-tcp', id: '3' }, [WEB, DB, CACHE]);
      const sort = await loader.getHarness(MatSortHarness);
      const [name] = await sort.getSortHeaders({ label: 'Name' });
      await name.click();
      expect((await cells())['name'].text).toEqual(['cache', 'db', 'web']);
      await name.click();
      expect((await cells())['name'].text).toEqual(['web', 'db', 'cache']);
      const [cpu] = await sort.getSortHeaders({ label: 'CPU' });
      await cpu.click();
      expect((await cells())['name'].text).toEqual(['cache', 'web', 'db']);
    });

    it('pages a long list instead of rendering it all', async () => {
      const many = Array.from({ length: 2000 }, (_, i) => ({ ...DB, id: containerId(i.toString(16).padStart(6, '0')), name: `svc-${i}` }));
      await show({ source: 'docker-tcp', id: '3' }, many);
      expect((await cells())['name'].text).toHaveLength(50);
      const paginator = await loader.getHarness(MatPaginatorHarness);
      expect(await paginator.getRangeLabel()).toBe('1 – 50 of 2000');
      await paginator.goToNextPage();
      expect((await cells())['name'].text[0]).toBe('svc-50');
      const filter = await loader.getHarness(MatInputHarness.with({ placeholder: 'name, image, state, port…' }));
      await filter.setValue('svc-199');
      // Filtering returns to the first page.
      expect((await cells())['name'].text).toEqual(['svc-199', 'svc-1990', 'svc-1991', 'svc-1992', 'svc-1993', 'svc-1994', 'svc-1995', 'svc-1996', 'svc-1997', 'svc-1998', 'svc-1999']);
    });

    it('offers the actions that fit the state, runs one and shows its result', async () => {
      await show({ source: 'docker-tcp', id: '3' }, [WEB, DB]);
      expect(Object.keys(await headers())).toContain('actions');
      const menuOf = (name: string) => loader.getHarness(MatMenuHarness.with({ selector: `[aria-label="Actions for ${name}"]` }));
      const webMenu = await menuOf('web');
      await webMenu.open();
      expect(await Promise.all((await webMenu.getItems()).map((i) => i.getText()))).toEqual(['Stop', 'Restart', 'Pause', 'Remove…']);
      await webMenu.close();

      const dbMenu = await menuOf('db');
      await dbMenu.clickItem({ text: 'Start' });
      const call = backend.expectOne({ method: 'POST', url: `${TCP_LIST}/${DB.id}/start` });
      call.flush({ action: 'start', id: DB.id, state: 'running' });
      await fixture.whenStable();
      expect(await (await root.getHarness(MatSnackBarHarness)).getMessage()).toBe('db started: now running');
      // The new state shows at once; the list reloads behind it.
      expect((await cells())['state'].text).toEqual(['running healthy', 'running']);
      backend.expectOne(TCP_LIST).flush([WEB, { ...DB, state: 'running', status: 'Up 1 second' }]);
    });

    it('shows a refused action with the server message', async () => {
      await show({ source: 'docker-tcp', id: '3' }, [WEB]);
      await (await loader.getHarness(MatMenuHarness.with({ selector: '[aria-label="Actions for web"]' }))).clickItem({ text: 'Pause' });
      backend
        .expectOne(`${TCP_LIST}/${WEB.id}/pause`)
        .flush({ statusCode: 502, error: 'Bad Gateway', message: 'Docker engine unreachable at tcp://127.0.0.1:23750' }, { status: 502, statusText: 'Bad Gateway' });
      await fixture.whenStable();
      expect(await (await root.getHarness(MatSnackBarHarness)).getMessage()).toBe('Docker engine unreachable at tcp://127.0.0.1:23750');
      expect((await cells())['state'].text).toEqual(['running healthy']);
    });

    it('asks before removing, and forces a running container', async () => {
      await show({ source: 'docker-tcp', id: '3' }, [WEB, DB]);
      await (await loader.getHarness(MatMenuHarness.with({ selector: '[aria-label="Actions for web"]' }))).clickItem({ text: 'Remove…' });
      const dialog = await root.getHarness(MatDialogHarness);
      expect(await dialog.getText()).toContain('web is running: it will be killed, then removed');
      await (await dialog.getHarness(MatButtonHarness.with({ text: 'Cancel' }))).click();
      backend.expectNone(`${TCP_LIST}/${WEB.id}?force=true`);

      await (await loader.getHarness(MatMenuHarness.with({ selector: '[aria-label="Actions for web"]' }))).clickItem({ text: 'Remove…' });
      await (await (await root.getHarness(MatDialogHarness)).getHarness(MatButtonHarness.with({ text: 'Remove' }))).click();
      backend.expectOne({ method: 'DELETE', url: `${TCP_LIST}/${WEB.id}?force=true` }).flush(null, { status: 204, statusText: 'No Content' });
      await fixture.whenStable();
      expect((await cells())['name'].text).toEqual(['db']);
      expect(await (await root.getHarness(MatSnackBarHarness)).getMessage()).toBe('web removed');
      backend.expectOne(TCP_LIST).flush([DB]);
    });

    it('shows agent rows read-only, with the reason', async () => {
      await show({ source: 'agent', id: 'vm-1' }, [WEB, DB]);
      expect(Object.keys(await headers())).not.toContain('actions');
      expect(await loader.getAllHarnesses(MatMenuHarness)).toHaveLength(0);
      expect(text()).toContain('Read-only: a push agent only sends reports');
      expect(text()).toMatch(/reported 1[12] s ago/);
    });

    it('says what went wrong and what to do when a host does not answer', async () => {
      fixture = TestBed.createComponent(ContainerList);
      fixture.componentRef.setInput('host', { source: 'docker-tcp', id: '3' });
      backend.expectOne('/api/docker/hosts').flush([TCP_HOST]);
      backend.expectOne('/api/docker-ssh/hosts').flush([]);
      backend.expectOne('/api/agents/docker/hosts').flush([]);
      await fixture.whenStable();
      backend
        .expectOne(TCP_LIST)
        .flush({ statusCode: 504, error: 'Gateway Timeout', message: 'Docker engine at tcp://127.0.0.1:23750 did not answer within 5 s' }, { status: 504, statusText: 'Gateway Timeout' });
      await fixture.whenStable();
      expect(text()).toContain('The containers could not be loaded: Docker engine at tcp://127.0.0.1:23750 did not answer within 5 s');
      expect(text()).toContain('Check that the host is up and reachable');
      loader = TestbedHarnessEnvironment.loader(fixture);
      const select = await loader.getHarness(MatSelectHarness);
      await select.open();
      expect(await (await select.getOptions())[0].getText()).toContain('offline');

      await (await loader.getHarness(MatButtonHarness.with({ text: 'Retry' }))).click();
      backend.expectOne(TCP_LIST).flush([WEB]);
      await fixture.whenStable();
      expect(text()).not.toContain('could not be loaded');
      expect(await (await select.getOptions())[0].getText()).not.toContain('offline');
    });

    it('picks the first host when the URL names none, and helps when there is no host at all', async () => {
      fixture = TestBed.createComponent(ContainerList);
      backend.expectOne('/api/docker/hosts').flush([]);
      backend.expectOne('/api/docker-ssh/hosts').flush([]);
      backend.expectOne('/api/agents/docker/hosts').flush([]);
      await fixture.whenStable();
      expect(text()).toContain('No host yet');
      expect(fixture.componentInstance.host()).toBeNull();
    });
  });

  describe('as a member', () => {
    beforeEach(() => setUp(MEMBER));

    it('sees no actions, even on a Docker API host', async () => {
      await show({ source: 'docker-tcp', id: '3' }, [WEB, DB]);
      expect(Object.keys(await headers())).not.toContain('actions');
      expect(await loader.getAllHarnesses(MatMenuHarness)).toHaveLength(0);
      expect((await cells())['name'].text).toEqual(['web', 'db']);
    });

    it('gets the first host selected on a first visit', async () => {
      await show(null, [WEB], TCP_LIST);
      expect(fixture.componentInstance.host()).toEqual({ source: 'docker-tcp', id: '3' });
    });
  });
});
