import { HarnessLoader } from '@angular/cdk/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MatTableHarness } from '@angular/material/table/testing';
import { provideRouter } from '@angular/router';

import { authInterceptor } from '../../core/auth/auth-interceptor';
import { AuthStore } from '../../core/auth/auth-store';
import { SessionUser } from '../../core/auth/session';
import { DB, WEB, WEB_DETAIL_FROM_AGENT } from '../../../testing/containers';
import { ADMIN, MEMBER, loginResponse } from '../../../testing/sessions';
import { Container } from './container-model';
import { ContainerDetail } from './container-detail';
import { detailTab } from './detail-tab';
import { HostRef } from './host-ref';

const NOT_REPORTED = '— not reported by this source';
const TCP: HostRef = { source: 'docker-tcp', id: '3' };
const AGENT: HostRef = { source: 'agent', id: 'vm-1' };
const tcpUrl = (id: string) => `/api/docker/hosts/3/containers/${id}`;

/** What the Docker API source knows of web: inspect data, no numbers (those come from the stats call). */
const WEB_FROM_TCP: Container = {
  ...WEB_DETAIL_FROM_AGENT,
  stats: null,
};

describe('ContainerDetail', () => {
  let backend: HttpTestingController;
  let fixture: ComponentFixture<ContainerDetail>;
  let loader: HarnessLoader;

  function setUp(user: SessionUser) {
    TestBed.configureTestingModule({
      providers: [provideRouter([]), provideHttpClient(withInterceptors([authInterceptor])), provideHttpClientTesting()],
    });
    TestBed.inject(AuthStore).start(loginResponse(user));
    backend = TestBed.inject(HttpTestingController);
  }

  afterEach(() => backend.verify());

  async function show(host: HostRef, id: string, name: string) {
    fixture = TestBed.createComponent(ContainerDetail);
    fixture.componentRef.setInput('tab', detailTab(host, id, name));
    await fixture.whenStable();
    loader = TestbedHarnessEnvironment.loader(fixture);
  }

  const element = () => fixture.nativeElement as HTMLElement;
  /** The shown value of a labelled field: the <dd> after the <dt> with that label. */
  function field(label: string): string {
    const dt = [...element().querySelectorAll('dt')].find((d) => d.textContent?.trim() === label);
    if (!dt) throw new Error(`no field ${label}; fields: ${[...element().querySelectorAll('dt')].map((d) => d.textContent).join(', ')}`);
    return (dt.nextElementSibling?.textContent ?? '').replace(/\s+/g, ' ').trim();
  }
  function section(title: string): string {
    const h3 = [...element().querySelectorAll('h3')].find((h) => h.textContent?.trim().startsWith(title));
    if (!h3) throw new Error(`no section ${title}`);
    return (h3.parentElement?.textContent ?? '').replace(/\s+/g, ' ').trim();
  }

  describe('as an admin', () => {
    beforeEach(() => setUp(ADMIN));

    it('shows "not reported by this source" for every field a source leaves out, never an error', async () => {
      await show(AGENT, WEB.id, 'web');
      // A minimal report: only the required fields (a source may omit all the others).
      backend.expectOne(`/api/agents/docker/hosts/vm-1/containers/${WEB.id}`).flush({
        id: WEB.id,
        name: 'web',
        image: 'busybox',
        state: 'running',
        stats: { cpuPercent: 0.5, memUsage: null },
      });
      await fixture.whenStable();

      for (const label of ['Tag', 'Image id', 'Created', 'Started', 'Uptime', 'Restart count', 'Restart policy', 'Status', 'Health', 'Command', 'Entrypoint', 'Memory', 'Network RX', 'Block write']) {
        expect([label, field(label)]).toEqual([label, NOT_REPORTED]);
      }
      expect(field('CPU')).toBe('0.50 %');
      expect(field('Short id')).toBe(WEB.id.slice(0, 12));
      for (const title of ['Ports', 'Networks', 'Mounts', 'Environment', 'Labels', 'Logs']) {
        expect([title, section(title)]).toEqual([title, expect.stringContaining(NOT_REPORTED)]);
      }
      expect(element().querySelector('[role="alert"]')).toBeNull();
    });

    it('shows every section of an agent report, read-only, with no logs call and no terminal', async () => {
      await show(AGENT, WEB.id, 'web');
      backend.expectOne(`/api/agents/docker/hosts/vm-1/containers/${WEB.id}`).flush(WEB_DETAIL_FROM_AGENT);
      await fixture.whenStable();

      expect(field('Image')).toBe('nginx:1.27');
      expect(field('Tag')).toBe('1.27');
      expect(field('Full id')).toBe(WEB.id);
      expect(field('Restart policy')).toBe('unless-stopped');
      expect(field('Restart count')).toBe('0');
      expect(field('Health')).toBe('healthy');
      expect(field('Memory')).toBe('20.0 MiB / 512 MiB');
      expect(field('Memory of limit')).toBe('3.91 %');
      expect(field('Network RX')).toBe('1.50 KiB');
      expect(field('Block write')).toBe('4.00 KiB');
      expect(field('Uptime')).toMatch(/^\d+ d \d+ h$|^\d+ h \d+ min$|^\d+ d$/);
      const tables = await loader.getAllHarnesses(MatTableHarness);
      const byLabel = Object.fromEntries(
        await Promise.all(tables.map(async (t) => [await (await t.host()).getAttribute('aria-label'), await t.getCellTextByIndex()])),
      );
      expect(byLabel['Ports']).toEqual([['0.0.0.0:8080', '80', 'tcp']]);
      expect(byLabel['Networks']).toEqual([['bridge', '172.17.0.2']]);
      expect(byLabel['Mounts']).toEqual([['volume', 'web_data', '/data', 'read-write']]);
      expect(byLabel['Environment']).toEqual([['NODE_ENV', 'production'], ['DB_PASSWORD', '********']]);
      expect(byLabel['Labels']).toEqual([['com.docker.compose.project', 'shop']]);
      expect(element().textContent).toContain('Reported by a push agent: read-only');
      expect(element().textContent).toContain('A push agent sends no logs');
      expect(element().querySelector('an-exec-terminal')).toBeNull();
      expect(element().textContent).not.toContain('Open a shell');
      expect(await loader.getAllHarnesses(MatButtonHarness.with({ text: /^stop$|^restart$|^remove/ }))).toHaveLength(0);
    });

    it('reads live stats and logs for a Docker API container and offers actions and a shell', async () => {
      await show(TCP, WEB.id, 'web');
      backend.expectOne(tcpUrl(WEB.id)).flush(WEB_FROM_TCP);
      await fixture.whenStable();
      backend.expectOne(`${tcpUrl(WEB.id)}/stats`).flush({ cpuPercent: 12.5, memUsage: 1024 ** 3, memLimit: 2 * 1024 ** 3, netRxBytes: 10, netTxBytes: 20, blockReadBytes: null, blockWriteBytes: null });
      backend.expectOne(`${tcpUrl(WEB.id)}/logs?tail=200&timestamps=true`).flush({ id: WEB.id, lines: ['2026-06-20T10:00:00Z hello', '2026-06-20T10:00:01Z world'], tail: 200 });
      await fixture.whenStable();

      expect(field('CPU')).toBe('12.5 %');
      expect(field('Memory')).toBe('1.00 GiB / 2.00 GiB');
      expect(field('Memory of limit')).toBe('50.0 %');
      expect(field('Block read')).toBe(NOT_REPORTED);
      expect(element().querySelector('[role="log"]')?.textContent).toBe('2026-06-20T10:00:00Z hello\n2026-06-20T10:00:01Z world');
      const actions = await loader.getAllHarnesses(MatButtonHarness.with({ ancestor: '[role="group"]' }));
      expect(await Promise.all(actions.map((b) => b.getText()))).toEqual(['stop', 'restart', 'pause', 'remove…']);
      expect(element().textContent).toContain('Open a shell in web');

      await (await loader.getHarness(MatButtonHarness.with({ text: /Refresh logs/ }))).click();
      backend.expectOne(`${tcpUrl(WEB.id)}/logs?tail=200&timestamps=true`).flush({ id: WEB.id, lines: [], tail: 200 });
      await fixture.whenStable();
      expect(element().querySelector('[role="log"]')?.textContent).toBe('(no output)');

      await (await loader.getHarness(MatButtonHarness.with({ text: 'restart' }))).click();
      backend.expectOne({ method: 'POST', url: `${tcpUrl(WEB.id)}/restart` }).flush({ action: 'restart', id: WEB.id, state: 'running' });
      // After an action the detail reloads, with fresh stats.
      backend.expectOne(tcpUrl(WEB.id)).flush(WEB_FROM_TCP);
      await fixture.whenStable();
      backend.expectOne(`${tcpUrl(WEB.id)}/stats`).flush({ cpuPercent: 0.1 });
      await fixture.whenStable();
      expect(field('CPU')).toBe('0.10 %');
    });

    it('shows the exit code of a stopped container and reads no stats', async () => {
      await show(TCP, DB.id, 'db');
      backend.expectOne(tcpUrl(DB.id)).flush({ ...DB, exitCode: 137, finishedAt: '2026-06-18T12:00:00Z', startedAt: '2026-06-18T10:00:00Z' });
      await fixture.whenStable();
      backend.expectOne(`${tcpUrl(DB.id)}/logs?tail=200&timestamps=true`).flush({ id: DB.id, lines: ['bye'], tail: 200 });
      await fixture.whenStable();
      expect(field('Exit code')).toBe('137');
      expect(field('Uptime')).toBe('not running');
      expect(section('Stats')).toContain('No live numbers: the container is exited.');
      expect(section('Terminal')).toContain('A shell needs a running container');
      const actions = await loader.getAllHarnesses(MatButtonHarness.with({ ancestor: '[role="group"]' }));
      expect(await Promise.all(actions.map((b) => b.getText()))).toEqual(['start', 'remove…']);
    });

    it('explains a container that is gone', async () => {
      await show(TCP, DB.id, 'db');
      backend.expectOne(tcpUrl(DB.id)).flush({ statusCode: 404, error: 'Not Found', message: "No container 'bbbb2222' on build-server" }, { status: 404, statusText: 'Not Found' });
      await fixture.whenStable();
      const alert = element().querySelector('[role="alert"]')?.textContent ?? '';
      expect(alert).toContain("db could not be loaded: No container 'bbbb2222' on build-server.");
      expect(alert).toContain('It may have been removed');
    });
  });

  describe('as a member', () => {
    beforeEach(() => setUp(MEMBER));

    it('sees stats and logs but no actions and no terminal', async () => {
      await show(TCP, WEB.id, 'web');
      backend.expectOne(tcpUrl(WEB.id)).flush(WEB_FROM_TCP);
      await fixture.whenStable();
      backend.expectOne(`${tcpUrl(WEB.id)}/stats`).flush({ cpuPercent: 1 });
      backend.expectOne(`${tcpUrl(WEB.id)}/logs?tail=200&timestamps=true`).flush({ id: WEB.id, lines: ['x'], tail: 200 });
      await fixture.whenStable();
      expect(element().querySelector('[role="group"]')).toBeNull();
      expect(element().textContent).not.toContain('Terminal');
      expect(element().querySelector('[role="log"]')?.textContent).toBe('x');
    });
  });
});
