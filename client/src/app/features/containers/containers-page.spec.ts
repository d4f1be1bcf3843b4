import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { MatTabGroupHarness } from '@angular/material/tabs/testing';
import { Router, provideRouter, withComponentInputBinding } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';

import { authInterceptor } from '../../core/auth/auth-interceptor';
import { AuthStore } from '../../core/auth/auth-store';
import { CACHE, DB, WEB, WEB_DETAIL_FROM_AGENT, agentHost } from '../../../testing/containers';
import { ADMIN, loginResponse } from '../../../testing/sessions';
import { ContainerSummary } from './container-model';
import { ContainersPage } from './containers-page';

const AGENT = '/api/agents/docker/hosts';
const LIST = `${AGENT}/vm-1/containers`;
const key = (row: ContainerSummary) => `agent:vm-1:${row.id}`;
const param = (row: ContainerSummary) => `${key(row)}:${row.name}`;

describe('ContainersPage tabs', () => {
  let backend: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        provideRouter([{ path: 'containers', component: ContainersPage }], withComponentInputBinding()),
        provideHttpClient(withInterceptors([authInterceptor])),
        provideHttpClientTesting(),
      ],
    });
    TestBed.inject(AuthStore).start(loginResponse(ADMIN));
    backend = TestBed.inject(HttpTestingController);
  });

  afterEach(() => backend.verify());

  async function openPage(url: string) {
    const harness = await RouterTestingHarness.create();
    await harness.navigateByUrl(url, ContainersPage);
    backend.expectOne('/api/docker/hosts').flush([]);
    backend.expectOne('/api/docker-ssh/hosts').flush([]);
    backend.expectOne(AGENT).flush([agentHost(new Date().toISOString())]);
    await harness.fixture.whenStable();
    backend.expectOne(LIST).flush([WEB, DB, CACHE]);
    await harness.fixture.whenStable();
    const loader = TestbedHarnessEnvironment.loader(harness.fixture);
    const tabs = () => loader.getHarness(MatTabGroupHarness);
    const labels = async () => Promise.all((await (await tabs()).getTabs()).map((t) => t.getLabel()));
    const selected = async () => (await (await tabs()).getSelectedTab()).getLabel();
    const clickName = async (name: string) => {
      (harness.routeNativeElement!.querySelector(`button[aria-label="Open ${name} in a tab"]`) as HTMLElement).click();
      await harness.fixture.whenStable();
    };
    const query = () => TestBed.inject(Router).parseUrl(TestBed.inject(Router).url).queryParamMap;
    return { harness, loader, tabs, labels, selected, clickName, query };
  }

  async function flushDetail(row: ContainerSummary, body: object = row) {
    backend.expectOne(`${LIST}/${row.id}`).flush(body);
  }

  it('opens a container in a new tab, loads its body only then, and puts it in the URL', async () => {
    const page = await openPage('/containers');
    expect(page.query().get('host')).toBe('agent:vm-1');
    expect(await page.labels()).toEqual(['Containers']);

    await page.clickName('web');
    await flushDetail(WEB, WEB_DETAIL_FROM_AGENT);
    await page.harness.fixture.whenStable();

    expect(await page.labels()).toEqual(['Containers', 'web']);
    expect(await page.selected()).toBe('web');
    expect(page.query().getAll('open')).toEqual([param(WEB)]);
    expect(page.query().get('tab')).toBe(key(WEB));
    expect(page.harness.routeNativeElement!.textContent).toContain('nginx -g');
  });

  it('selects the open tab when the same container is opened again', async () => {
    const page = await openPage('/containers?host=agent:vm-1');
    await page.clickName('web');
    await flushDetail(WEB);
    await (await page.tabs()).selectTab({ label: 'Containers' });
    await page.clickName('db');
    await flushDetail(DB);
    await (await page.tabs()).selectTab({ label: 'Containers' });

    await page.clickName('web');
    // Already open: no second tab, no second load (tab bodies are kept).
    expect(await page.labels()).toEqual(['Containers', 'web', 'db']);
    expect(await page.selected()).toBe('web');
    backend.expectNone(`${LIST}/${WEB.id}`);
    expect(page.query().get('tab')).toBe(key(WEB));
  });

  it('closes a tab from the button in its label and selects its neighbour', async () => {
    const page = await openPage('/containers?host=agent:vm-1');
    await page.clickName('web');
    await flushDetail(WEB);
    await (await page.tabs()).selectTab({ label: 'Containers' });
    await page.clickName('db');
    await flushDetail(DB);

    (page.harness.routeNativeElement!.querySelector('button[aria-label="Close db"]') as HTMLElement).click();
    await page.harness.fixture.whenStable();

    expect(await page.labels()).toEqual(['Containers', 'web']);
    expect(await page.selected()).toBe('web');
    expect(page.query().getAll('open')).toEqual([param(WEB)]);

    (page.harness.routeNativeElement!.querySelector('button[aria-label="Close web"]') as HTMLElement).click();
    await page.harness.fixture.whenStable();
    expect(await page.labels()).toEqual(['Containers']);
    expect(await page.selected()).toBe('Containers');
    expect(page.query().has('open')).toBe(false);
    expect(page.query().has('tab')).toBe(false);
  });

  it('closing a tab that is not selected keeps the selection', async () => {
    const page = await openPage('/containers?host=agent:vm-1');
    await page.clickName('web');
    await flushDetail(WEB);
    await (await page.tabs()).selectTab({ label: 'Containers' });
    (page.harness.routeNativeElement!.querySelector('button[aria-label="Close web"]') as HTMLElement).click();
    await page.harness.fixture.whenStable();
    expect(await page.labels()).toEqual(['Containers']);
    expect(await page.selected()).toBe('Containers');
  });

  it('closing a tab after the selected one keeps the selection (the click must not reach the tab)', async () => {
    const page = await openPage('/containers?host=agent:vm-1');
    for (const row of [WEB, DB, CACHE]) {
      await page.clickName(row.name);
      await flushDetail(row);
      await (await page.tabs()).selectTab({ label: 'Containers' });
    }
    await (await page.tabs()).selectTab({ label: 'web' });
    (page.harness.routeNativeElement!.querySelector('button[aria-label="Close db"]') as HTMLElement).click();
    await page.harness.fixture.whenStable();
    expect(await page.labels()).toEqual(['Containers', 'web', 'cache']);
    expect(await page.selected()).toBe('web');
    expect(page.query().get('tab')).toBe(key(WEB));
  });

  it('restores the tabs of a link, loading only the selected one', async () => {
    const url = `/containers?host=agent:vm-1&open=${param(WEB)}&open=${param(DB)}&tab=${key(DB)}`;
    const page = await openPage(url);
    await flushDetail(DB);
    backend.expectNone(`${LIST}/${WEB.id}`);
    expect(await page.labels()).toEqual(['Containers', 'web', 'db']);
    expect(await page.selected()).toBe('db');

    await (await page.tabs()).selectTab({ label: 'web' });
    await flushDetail(WEB);
    expect(page.query().get('tab')).toBe(key(WEB));
  });

  it('drops malformed and duplicate tabs from a hand-edited link', async () => {
    const page = await openPage(`/containers?host=agent:vm-1&open=${param(WEB)}&open=${param(WEB)}&open=junk&tab=nope`);
    expect(await page.labels()).toEqual(['Containers', 'web']);
    expect(await page.selected()).toBe('Containers');
  });
});
