import { HttpClient, HttpErrorResponse, provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { firstValueFrom } from 'rxjs';

import { ADMIN, loginResponse } from '../../../testing/sessions';
import { authInterceptor } from './auth-interceptor';
import { AuthStore } from './auth-store';

@Component({ template: 'page' })
class Page {}

describe('authInterceptor', () => {
  let http: HttpClient;
  let backend: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        provideRouter([
          { path: 'login', component: Page },
          { path: 'hosts', component: Page },
        ]),
        provideHttpClient(withInterceptors([authInterceptor])),
        provideHttpClientTesting(),
      ],
    });
    http = TestBed.inject(HttpClient);
    backend = TestBed.inject(HttpTestingController);
  });

  afterEach(() => backend.verify());

  it('adds the bearer token to API calls', () => {
    TestBed.inject(AuthStore).start(loginResponse(ADMIN));
    http.get('/api/users').subscribe();
    const req = backend.expectOne('/api/users');
    expect(req.request.headers.get('Authorization')).toBe('Bearer token-of-admin');
    req.flush([]);
  });

  it('sends no header when logged out', () => {
    http.get('/api/health').subscribe();
    const req = backend.expectOne('/api/health');
    expect(req.request.headers.has('Authorization')).toBe(false);
    req.flush({});
  });

  it('never sends the token to another origin', () => {
    TestBed.inject(AuthStore).start(loginResponse(ADMIN));
    http.get('https://example.test/api/users').subscribe();
    const req = backend.expectOne('https://example.test/api/users');
    expect(req.request.headers.has('Authorization')).toBe(false);
    req.flush([]);
  });

  it('on 401 logs out and goes to the login page, remembering where the user was', async () => {
    const harness = await RouterTestingHarness.create('/hosts');
    const store = TestBed.inject(AuthStore);
    store.start(loginResponse(ADMIN));

    const result = firstValueFrom(http.get('/api/users'));
    backend
      .expectOne('/api/users')
      .flush({ statusCode: 401, message: 'Unauthorized' }, { status: 401, statusText: 'Unauthorized' });

    // The caller still sees the error, so it can stop its spinner.
    await expect(result).rejects.toBeInstanceOf(HttpErrorResponse);
    expect(store.user()).toBeNull();
    await harness.fixture.whenStable();
    expect(TestBed.inject(Router).url).toBe('/login?returnUrl=%2Fhosts');
  });

  it('leaves a 401 of the login call itself to the login page', async () => {
    const harness = await RouterTestingHarness.create('/hosts');
    const result = firstValueFrom(http.post('/api/auth/login', { username: 'a', password: 'b' }));
    backend
      .expectOne('/api/auth/login')
      .flush({ statusCode: 401, message: 'Wrong username or password' }, { status: 401, statusText: 'Unauthorized' });
    await expect(result).rejects.toBeInstanceOf(HttpErrorResponse);
    await harness.fixture.whenStable();
    expect(TestBed.inject(Router).url).toBe('/hosts');
  });

  it('keeps the session on other errors such as 403', async () => {
    TestBed.inject(AuthStore).start(loginResponse(ADMIN));
    const result = firstValueFrom(http.delete('/api/users/3'));
    backend
      .expectOne('/api/users/3')
      .flush({ statusCode: 403, message: 'Admins only' }, { status: 403, statusText: 'Forbidden' });
    await expect(result).rejects.toBeInstanceOf(HttpErrorResponse);
    expect(TestBed.inject(AuthStore).user()).toEqual(ADMIN);
  });
});
