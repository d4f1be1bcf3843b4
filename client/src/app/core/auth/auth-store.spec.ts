import { jest } from '@jest/globals';
import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';

import { ADMIN, MEMBER, loginResponse } from '../../../testing/sessions';
import { AuthStore, SESSION_STORAGE_KEY } from './auth-store';

@Component({ template: 'page' })
class Page {}

describe('AuthStore', () => {
  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        provideRouter([
          { path: 'login', component: Page },
          { path: 'hosts', component: Page },
        ]),
      ],
    });
  });

  afterEach(() => jest.useRealTimers());

  it('keeps the session in localStorage with its expiry', () => {
    const before = Date.now();
    TestBed.inject(AuthStore).start(loginResponse(MEMBER, 3600));
    const stored = JSON.parse(localStorage.getItem(SESSION_STORAGE_KEY) ?? 'null');
    expect(stored.token).toBe('token-of-mia');
    expect(stored.user).toEqual(MEMBER);
    expect(stored.expiresAt).toBeGreaterThanOrEqual(before + 3_600_000);
    expect(stored.expiresAt).toBeLessThanOrEqual(Date.now() + 3_600_000);
  });

  it('restores a live session after a reload', () => {
    const live = { token: 'abc', expiresAt: Date.now() + 60_000, user: ADMIN };
    localStorage.setItem(SESSION_STORAGE_KEY, JSON.stringify(live));
    const store = TestBed.inject(AuthStore);
    expect(store.token()).toBe('abc');
    expect(store.user()).toEqual(ADMIN);
    expect(store.isAdmin()).toBe(true);
  });

  it('drops an expired or corrupt stored session', () => {
    localStorage.setItem(SESSION_STORAGE_KEY, '{not json');
    expect(TestBed.inject(AuthStore).isLoggedIn()).toBe(false);
    expect(localStorage.getItem(SESSION_STORAGE_KEY)).toBeNull();

    TestBed.resetTestingModule();
    const expired = { token: 'abc', expiresAt: Date.now() - 1, user: ADMIN };
    localStorage.setItem(SESSION_STORAGE_KEY, JSON.stringify(expired));
    expect(TestBed.inject(AuthStore).token()).toBeNull();
    expect(localStorage.getItem(SESSION_STORAGE_KEY)).toBeNull();
  });

  it('counts a token as gone once its lifetime is over', () => {
    const store = TestBed.inject(AuthStore);
    store.start(loginResponse(ADMIN, 60));
    const now = Date.now();
    jest.spyOn(Date, 'now').mockReturnValue(now + 61_000);
    expect(store.token()).toBeNull();
    expect(store.user()).toBeNull();
    expect(localStorage.getItem(SESSION_STORAGE_KEY)).toBeNull();
  });

  it('logs out and asks to log in again when the token expires in an open tab', async () => {
    const harness = await RouterTestingHarness.create('/hosts');
    jest.useFakeTimers({ now: Date.now() });
    const store = TestBed.inject(AuthStore);
    store.start(loginResponse(ADMIN, 30));
    jest.advanceTimersByTime(29_000);
    expect(store.user()).toEqual(ADMIN);
    jest.advanceTimersByTime(1_000);
    expect(store.user()).toBeNull();
    jest.useRealTimers();
    await harness.fixture.whenStable();
    expect(TestBed.inject(Router).url).toBe('/login?returnUrl=%2Fhosts');
  });

  it('log out forgets everything', () => {
    const store = TestBed.inject(AuthStore);
    store.start(loginResponse(ADMIN));
    store.clear();
    expect(store.user()).toBeNull();
    expect(store.token()).toBeNull();
    expect(localStorage.getItem(SESSION_STORAGE_KEY)).toBeNull();
  });
});
