import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';

import { ADMIN, MEMBER, loginResponse } from '../../../testing/sessions';
import { adminGuard, authGuard, guestGuard } from './auth-guards';
import { AuthStore, SESSION_STORAGE_KEY } from './auth-store';

@Component({ template: 'page' })
class Page {}

describe('auth guards', () => {
  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        provideRouter([
          { path: 'login', canActivate: [guestGuard], component: Page },
          { path: 'containers', canActivate: [authGuard], component: Page },
          { path: 'users', canActivate: [adminGuard], component: Page },
        ]),
      ],
    });
  });

  const currentUrl = () => TestBed.inject(Router).url;

  it('sends an anonymous visitor to the login page with the page to return to', async () => {
    const harness = await RouterTestingHarness.create();
    await harness.navigateByUrl('/containers?state=running');
    expect(currentUrl()).toBe('/login?returnUrl=%2Fcontainers%3Fstate%3Drunning');
  });

  it('lets a logged-in user in', async () => {
    TestBed.inject(AuthStore).start(loginResponse(MEMBER));
    const harness = await RouterTestingHarness.create();
    await harness.navigateByUrl('/containers');
    expect(currentUrl()).toBe('/containers');
  });

  it('sends a visitor whose stored session has expired to the login page', async () => {
    const expired = { token: 't', expiresAt: Date.now() - 1000, user: ADMIN };
    localStorage.setItem(SESSION_STORAGE_KEY, JSON.stringify(expired));
    const harness = await RouterTestingHarness.create();
    await harness.navigateByUrl('/containers');
    expect(currentUrl()).toBe('/login?returnUrl=%2Fcontainers');
  });

  it('admin guard refuses a member and sends them to the containers page', async () => {
    TestBed.inject(AuthStore).start(loginResponse(MEMBER));
    const harness = await RouterTestingHarness.create();
    await harness.navigateByUrl('/users');
    expect(currentUrl()).toBe('/containers');
  });

  it('admin guard lets an admin in', async () => {
    TestBed.inject(AuthStore).start(loginResponse(ADMIN));
    const harness = await RouterTestingHarness.create();
    await harness.navigateByUrl('/users');
    expect(currentUrl()).toBe('/users');
  });

  it('admin guard sends an anonymous visitor to log in first', async () => {
    const harness = await RouterTestingHarness.create();
    await harness.navigateByUrl('/users');
    expect(currentUrl()).toBe('/login?returnUrl=%2Fusers');
  });

  it('keeps a logged-in user away from the login page', async () => {
    TestBed.inject(AuthStore).start(loginResponse(MEMBER));
    const harness = await RouterTestingHarness.create();
    await harness.navigateByUrl('/login');
    expect(currentUrl()).toBe('/containers');
  });
});
