import { HarnessLoader } from '@angular/cdk/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MatNavListHarness } from '@angular/material/list/testing';
import { provideRouter, Router } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';

import { ADMIN, MEMBER, loginResponse } from '../../../testing/sessions';
import { authInterceptor } from '../auth/auth-interceptor';
import { AuthStore } from '../auth/auth-store';
import { SessionUser } from '../auth/session';
import { Shell } from './shell';

@Component({ template: 'page' })
class Page {}

describe('Shell', () => {
  let backend: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        provideRouter([
          { path: 'login', component: Page },
          {
            path: '',
            component: Shell,
            children: [
              { path: 'containers', component: Page },
              { path: 'users', component: Page },
            ],
          },
        ]),
        provideHttpClient(withInterceptors([authInterceptor])),
        provideHttpClientTesting(),
      ],
    });
    backend = TestBed.inject(HttpTestingController);
  });

  afterEach(() => backend.verify());

  async function open(user: SessionUser, meAnswer: SessionUser = user) {
    TestBed.inject(AuthStore).start(loginResponse(user));
    const harness = await RouterTestingHarness.create('/containers');
    backend.expectOne('/api/auth/me').flush(meAnswer);
    await harness.fixture.whenStable();
    const loader: HarnessLoader = TestbedHarnessEnvironment.loader(harness.fixture);
    const navItems = async () => {
      const items = await (await loader.getHarness(MatNavListHarness)).getItems();
      return Promise.all(items.map((item) => item.getFullText()));
    };
    const toolbarUser = () => {
      const who = (harness.fixture.nativeElement as HTMLElement).querySelector('[data-testid=current-user]');
      return `${who?.querySelector('.name')?.textContent} (${who?.querySelector('.role')?.textContent})`;
    };
    return { harness, loader, navItems, toolbarUser };
  }

  it('shows an admin every page, the API docs and who is logged in', async () => {
    const { navItems, toolbarUser, harness } = await open(ADMIN);
    expect(await navItems()).toEqual(['Containers', 'Hosts', 'Users', 'API docs']);
    expect(toolbarUser()).toBe('admin (admin)');
    const docs = (harness.fixture.nativeElement as HTMLElement).querySelector('a[href="/api/docs"]');
    expect(docs?.getAttribute('target')).toBe('_blank');
  });

  it('hides the Users page from a member', async () => {
    const { navItems, toolbarUser } = await open(MEMBER);
    expect(await navItems()).toEqual(['Containers', 'Hosts', 'API docs']);
    expect(toolbarUser()).toBe('mia (member)');
  });

  it('follows a role change reported by /api/auth/me', async () => {
    const { navItems } = await open(ADMIN, { ...ADMIN, role: 'member' });
    expect(await navItems()).toEqual(['Containers', 'Hosts', 'API docs']);
  });

  it('logs out to the login page', async () => {
    const { loader, harness } = await open(MEMBER);
    await (await loader.getHarness(MatButtonHarness.with({ text: 'Log out' }))).click();
    await harness.fixture.whenStable();
    expect(TestBed.inject(Router).url).toBe('/login');
    expect(TestBed.inject(AuthStore).isLoggedIn()).toBe(false);
  });
});
