import { HarnessLoader } from '@angular/cdk/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MatDialogHarness } from '@angular/material/dialog/testing';
import { MatInputHarness } from '@angular/material/input/testing';
import { MatMenuHarness } from '@angular/material/menu/testing';
import { MatSelectHarness } from '@angular/material/select/testing';
import { MatSnackBarHarness } from '@angular/material/snack-bar/testing';
import { MatTableHarness } from '@angular/material/table/testing';
import { provideRouter } from '@angular/router';

import { authInterceptor } from '../../core/auth/auth-interceptor';
import { AuthStore } from '../../core/auth/auth-store';
import { ADMIN, loginResponse } from '../../../testing/sessions';
import { UserRecord } from './users-api';
import { UsersPage } from './users-page';

const USERS: UserRecord[] = [
  { id: 1, username: 'admin', role: 'admin', active: true, createdAt: '2026-01-02T10:00:00Z', lastLoginAt: '2026-06-01T08:30:00Z' },
  { id: 2, username: 'mia', role: 'member', active: false, createdAt: '2026-02-03T10:00:00Z', lastLoginAt: null },
];

describe('UsersPage', () => {
  let backend: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        provideHttpClient(withInterceptors([authInterceptor])),
        provideHttpClientTesting(),
      ],
    });
    TestBed.inject(AuthStore).start(loginResponse(ADMIN));
    backend = TestBed.inject(HttpTestingController);
  });

  afterEach(() => backend.verify());

  async function open() {
    const fixture = TestBed.createComponent(UsersPage);
    backend.expectOne({ method: 'GET', url: '/api/users' }).flush(USERS);
    await fixture.whenStable();
    const loader: HarnessLoader = TestbedHarnessEnvironment.loader(fixture);
    const root: HarnessLoader = TestbedHarnessEnvironment.documentRootLoader(fixture);
    const rows = async () => {
      const table = await loader.getHarness(MatTableHarness);
      return table.getCellTextByColumnName();
    };
    // MatMenuHarness wraps the trigger button; clickItem opens its menu first.
    const openMenuOf = (username: string) =>
      loader.getHarness(MatMenuHarness.with({ selector: `[aria-label="Actions for ${username}"]` }));
    const snackText = async () => (await root.getHarness(MatSnackBarHarness)).getMessage();
    return { fixture, loader, root, rows, openMenuOf, snackText };
  }

  it('lists users with role, state, creation and last login', async () => {
    const { rows } = await open();
    const cells = await rows();
    expect(cells['username'].text).toEqual(['admin (you)', 'mia']);
    expect(cells['role'].text).toEqual(['admin', 'member']);
    expect(cells['active'].text).toEqual(['active', 'inactive']);
    expect(cells['createdAt'].text[0]).toContain('2026');
    expect(cells['lastLoginAt'].text[1]).toBe('never');
  });

  it('creates a user through the dialog', async () => {
    const { root, loader, rows, snackText } = await open();
    await (await loader.getHarness(MatButtonHarness.with({ text: 'New user' }))).click();
    const dialog = await root.getHarness(MatDialogHarness);
    const inputs = await dialog.getAllHarnesses(MatInputHarness);
    await inputs[0].setValue('bob');
    await inputs[1].setValue('long-enough-pw');
    await (await dialog.getHarness(MatSelectHarness)).clickOptions({ text: /Admin/ });
    await (await dialog.getHarness(MatButtonHarness.with({ text: 'Create' }))).click();

    const req = backend.expectOne({ method: 'POST', url: '/api/users' });
    expect(req.request.body).toEqual({ username: 'bob', password: 'long-enough-pw', role: 'admin' });
    req.flush({ id: 3, username: 'bob', role: 'admin', active: true, createdAt: '2026-06-20T10:00:00Z', lastLoginAt: null });

    expect((await rows())['username'].text).toEqual(['admin (you)', 'mia', 'bob']);
    expect(await snackText()).toBe('User bob created');
    expect(await root.getAllHarnesses(MatDialogHarness)).toHaveLength(0);
  });

  it('does not send a username the server would refuse', async () => {
    const { root, loader } = await open();
    await (await loader.getHarness(MatButtonHarness.with({ text: 'New user' }))).click();
    const dialog = await root.getHarness(MatDialogHarness);
    const inputs = await dialog.getAllHarnesses(MatInputHarness);
    await inputs[0].setValue('bad name');
    await inputs[1].setValue('long-enough-pw');
    await (await dialog.getHarness(MatButtonHarness.with({ text: 'Create' }))).click();
    backend.expectNone('/api/users');
    expect(await (await dialog.host()).text()).toContain('3 to 64 letters, digits, dot, underscore or dash');
  });

  it('keeps the create dialog open and shows the server message when refused', async () => {
    const { root, loader, snackText } = await open();
    await (await loader.getHarness(MatButtonHarness.with({ text: 'New user' }))).click();
    const dialog = await root.getHarness(MatDialogHarness);
    const inputs = await dialog.getAllHarnesses(MatInputHarness);
    await inputs[0].setValue('mia');
    await inputs[1].setValue('long-enough-pw');
    await (await dialog.getHarness(MatButtonHarness.with({ text: 'Create' }))).click();
    backend
      .expectOne('/api/users')
      .flush({ statusCode: 409, error: 'Conflict', message: 'Username mia is taken' }, { status: 409, statusText: 'Conflict' });
    expect(await snackText()).toBe('Username mia is taken');
    expect(await root.getAllHarnesses(MatDialogHarness)).toHaveLength(1);
  });

  it('changes a role from the row menu', async () => {
    const { openMenuOf, rows } = await open();
    const menu = await openMenuOf('mia');
    await menu.clickItem({ text: 'Make admin' });
    const req = backend.expectOne({ method: 'PATCH', url: '/api/users/2' });
    expect(req.request.body).toEqual({ role: 'admin' });
    req.flush({ ...USERS[1], role: 'admin' });
    expect((await rows())['role'].text).toEqual(['admin', 'admin']);
  });

  it('activates an inactive user', async () => {
    const { openMenuOf, rows } = await open();
    await (await openMenuOf('mia')).clickItem({ text: 'Activate' });
    const req = backend.expectOne({ method: 'PATCH', url: '/api/users/2' });
    expect(req.request.body).toEqual({ active: true });
    req.flush({ ...USERS[1], active: true });
    expect((await rows())['active'].text).toEqual(['active', 'active']);
  });

  it('shows why the server refuses, e.g. demoting the last admin', async () => {
    const { openMenuOf, rows, snackText } = await open();
    await (await openMenuOf('admin')).clickItem({ text: 'Make member' });
    backend
      .expectOne('/api/users/1')
      .flush(
        { statusCode: 409, error: 'Conflict', message: 'Cannot remove the last active admin' },
        { status: 409, statusText: 'Conflict' },
      );
    expect(await snackText()).toBe('Cannot remove the last active admin');
    expect((await rows())['role'].text).toEqual(['admin', 'member']);
  });

  it('deletes only after confirmation', async () => {
    const { openMenuOf, root, rows } = await open();
    await (await openMenuOf('mia')).clickItem({ text: 'Delete…' });
    let dialog = await root.getHarness(MatDialogHarness);
    expect(await dialog.getTitleText()).toBe('Delete mia?');
    await (await dialog.getHarness(MatButtonHarness.with({ text: 'Cancel' }))).click();
    backend.expectNone('/api/users/2');

    await (await openMenuOf('mia')).clickItem({ text: 'Delete…' });
    dialog = await root.getHarness(MatDialogHarness);
    await (await dialog.getHarness(MatButtonHarness.with({ text: 'Delete' }))).click();
    backend.expectOne({ method: 'DELETE', url: '/api/users/2' }).flush(null, { status: 204, statusText: 'No Content' });
    expect((await rows())['username'].text).toEqual(['admin (you)']);
  });

  it('resets a password through its dialog', async () => {
    const { openMenuOf, root, snackText } = await open();
    await (await openMenuOf('mia')).clickItem({ text: 'Reset password…' });
    const dialog = await root.getHarness(MatDialogHarness);
    await (await dialog.getHarness(MatInputHarness)).setValue('brand-new-pw');
    await (await dialog.getHarness(MatButtonHarness.with({ text: 'Set password' }))).click();
    const req = backend.expectOne({ method: 'PATCH', url: '/api/users/2' });
    expect(req.request.body).toEqual({ password: 'brand-new-pw' });
    req.flush(USERS[1]);
    expect(await snackText()).toBe('Password of mia changed');
  });
});
