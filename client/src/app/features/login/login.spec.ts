import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { HarnessLoader } from '@angular/cdk/testing';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MatInputHarness } from '@angular/material/input/testing';
import { provideRouter, Router, withComponentInputBinding } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';

import { authInterceptor } from '../../core/auth/auth-interceptor';
import { AuthStore } from '../../core/auth/auth-store';
import { MEMBER, loginResponse } from '../../../testing/sessions';
import { Login } from './login';

@Component({ template: 'page' })
class Page {}

describe('Login', () => {
  let backend: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        provideRouter(
          [
            { path: 'login', component: Login },
            { path: 'containers', component: Page },
            { path: 'hosts', component: Page },
          ],
          withComponentInputBinding(),
        ),
        provideHttpClient(withInterceptors([authInterceptor])),
        provideHttpClientTesting(),
      ],
    });
    backend = TestBed.inject(HttpTestingController);
  });

  afterEach(() => backend.verify());

  async function open(url = '/login') {
    const harness = await RouterTestingHarness.create(url);
    const loader: HarnessLoader = TestbedHarnessEnvironment.loader(harness.fixture);
    const submit = async (username: string, password: string) => {
      await (await loader.getHarness(MatInputHarness.with({ selector: '[name=username]' }))).setValue(username);
      await (await loader.getHarness(MatInputHarness.with({ selector: '[name=password]' }))).setValue(password);
      await (await loader.getHarness(MatButtonHarness.with({ text: 'Log in' }))).click();
    };
    const errorText = async () => {
      await harness.fixture.whenStable();
      return (harness.routeNativeElement?.querySelector('[role=alert]')?.textContent ?? '').trim();
    };
    return { harness, submit, errorText };
  }

  function answerLogin(body: object, status: number, statusText: string) {
    backend.expectOne({ method: 'POST', url: '/api/auth/login' }).flush(body, { status, statusText });
  }

  it('sends the credentials, stores the session and goes to the page it came from', async () => {
    const { harness, submit } = await open('/login?returnUrl=%2Fhosts');
    await submit('mia', 's3cret-pass');
    const req = backend.expectOne('/api/auth/login');
    expect(req.request.method).toBe('POST');
    expect(req.request.body).toEqual({ username: 'mia', password: 's3cret-pass' });
    req.flush(loginResponse(MEMBER));
    await harness.fixture.whenStable();
    expect(TestBed.inject(Router).url).toBe('/hosts');
    expect(TestBed.inject(AuthStore).user()).toEqual(MEMBER);
  });

  it('goes to the containers page without a return URL', async () => {
    const { harness, submit } = await open();
    await submit('mia', 's3cret-pass');
    answerLogin(loginResponse(MEMBER), 200, 'OK');
    await harness.fixture.whenStable();
    expect(TestBed.inject(Router).url).toBe('/containers');
  });

  it('ignores a return URL that leaves the console', async () => {
    const { harness, submit } = await open('/login?returnUrl=%2F%2Fevil.test%2Fphish');
    await submit('mia', 's3cret-pass');
    answerLogin(loginResponse(MEMBER), 200, 'OK');
    await harness.fixture.whenStable();
    expect(TestBed.inject(Router).url).toBe('/containers');
  });

  it('says so when the credentials are wrong (401)', async () => {
    const { submit, errorText } = await open();
    await submit('mia', 'wrong');
    answerLogin({ statusCode: 401, error: 'Unauthorized', message: 'Invalid credentials' }, 401, 'Unauthorized');
    expect(await errorText()).toBe('Wrong username or password');
    expect(TestBed.inject(AuthStore).user()).toBeNull();
    expect(TestBed.inject(Router).url).toBe('/login');
  });

  it('asks to wait when throttled (429)', async () => {
    const { submit, errorText } = await open();
    await submit('mia', 'wrong');
    answerLogin({ statusCode: 429, message: 'ThrottlerException: Too Many Requests' }, 429, 'Too Many Requests');
    expect(await errorText()).toBe('Too many attempts, wait a minute');
  });

  it('reports an unreachable server (network error or 5xx)', async () => {
    const { submit, errorText } = await open();
    await submit('mia', 'pw');
    backend.expectOne('/api/auth/login').error(new ProgressEvent('error'), { status: 0 });
    expect(await errorText()).toBe('Server unreachable');

    await submit('mia', 'pw');
    answerLogin({ statusCode: 503, message: 'down' }, 503, 'Service Unavailable');
    expect(await errorText()).toBe('Server unreachable');
  });

  it('does not call the server with an empty form', async () => {
    const { harness, submit } = await open();
    await submit('', '');
    backend.expectNone('/api/auth/login');
    await harness.fixture.whenStable();
    expect(harness.routeNativeElement?.textContent).toContain('Enter your username');
  });
});
