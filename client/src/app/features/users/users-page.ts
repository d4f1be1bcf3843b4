import { DatePipe } from '@angular/common';
import { Component, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatMenuModule } from '@angular/material/menu';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatTableModule } from '@angular/material/table';
import { filter, switchMap } from 'rxjs';

import { AuthStore } from '../../core/auth/auth-store';
import { Role } from '../../core/auth/session';
import { askConfirmation } from '../../shared/confirm-dialog';
import { Notifier } from '../../shared/notifier';
import { CreateUserDialog } from './create-user-dialog';
import { ResetPasswordDialog } from './reset-password-dialog';
import { UserChanges, UserRecord, UsersApi } from './users-api';

/** Admin page: who can log in, with which role. */
@Component({
  selector: 'an-users-page',
  imports: [DatePipe, MatButtonModule, MatMenuModule, MatProgressBarModule, MatTableModule],
  templateUrl: './users-page.html',
  styleUrl: './users-page.scss',
})
export class UsersPage {
  private readonly api = inject(UsersApi);
  private readonly dialog = inject(MatDialog);
  private readonly notifier = inject(Notifier);

  protected readonly currentUser = inject(AuthStore).user;
  protected readonly columns = ['username', 'role', 'active', 'createdAt', 'lastLoginAt', 'actions'];
  protected readonly users = signal<UserRecord[]>([]);
  protected readonly loading = signal(true);
  protected readonly loadError = signal(false);

  constructor() {
    this.load();
  }

  protected load(): void {
    this.loading.set(true);
    this.loadError.set(false);
    this.api.list().subscribe({
      next: (users) => {
        this.users.set(users);
        this.loading.set(false);
      },
      error: (error: unknown) => {
        this.loading.set(false);
        this.loadError.set(true);
        this.notifier.error(error);
      },
    });
  }

  protected create(): void {
    this.dialog
      .open<CreateUserDialog, void, UserRecord>(CreateUserDialog)
      .afterClosed()
      .pipe(filter((user) => user !== undefined))
      .subscribe((user) => {
        this.users.update((users) => [...users, user]);
        this.notifier.success(`User ${user.username} created`);
      });
  }

  protected setRole(user: UserRecord, role: Role): void {
    this.change(user, { role }, `${user.username} is now ${role === 'admin' ? 'an admin' : 'a member'}`);
  }

  protected setActive(user: UserRecord, active: boolean): void {
    this.change(user, { active }, `${user.username} ${active ? 'activated' : 'deactivated'}`);
  }

  protected resetPassword(user: UserRecord): void {
    this.dialog
      .open<ResetPasswordDialog, UserRecord, UserRecord>(ResetPasswordDialog, { data: user })
      .afterClosed()
      .pipe(filter((updated) => updated !== undefined))
      .subscribe((updated) => {
        this.replace(updated);
        this.notifier.success(`Password of ${updated.username} changed`);
      });
  }

  protected remove(user: UserRecord): void {
    askConfirmation(this.dialog, {
      title: `Delete ${user.username}?`,
      message: `${user.username} will no longer be able to log in. This cannot be undone.`,
      confirm: 'Delete',
    })
      .pipe(
        filter(Boolean),
        switchMap(() => this.api.remove(user.id)),
      )
      .subscribe({
        next: () => {
          this.users.update((users) => users.filter((u) => u.id !== user.id));
          this.notifier.success(`User ${user.username} deleted`);
        },
        error: (error: unknown) => this.notifier.error(error),
      });
  }

  private change(user: UserRecord, changes: UserChanges, done: string): void {
    this.api.update(user.id, changes).subscribe({
      next: (updated) => {
        this.replace(updated);
        this.notifier.success(done);
      },
      error: (error: unknown) => this.notifier.error(error),
    });
  }

  private replace(updated: UserRecord): void {
    this.users.update((users) => users.map((u) => (u.id === updated.id ? updated : u)));
  }
}
