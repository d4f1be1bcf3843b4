import { Component, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';

import { Role } from '../../core/auth/session';
import { Notifier } from '../../shared/notifier';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, USERNAME_PATTERN } from './account-rules';
import { UserRecord, UsersApi } from './users-api';

/**
 * Creates a user. The dialog saves by itself and stays open when the server
 * refuses (name taken, weak password), so nothing typed is lost.
 */
@Component({
  selector: 'an-create-user-dialog',
  imports: [
    MatButtonModule,
    MatDialogModule,
    MatFormFieldModule,
    MatInputModule,
    MatSelectModule,
    ReactiveFormsModule,
  ],
  templateUrl: './create-user-dialog.html',
  styles: `
    .fields {
      display: flex;
      flex-direction: column;
      gap: 4px;
      padding-top: 8px;
      min-width: min(360px, 75vw);
    }
  `,
})
export class CreateUserDialog {
  private readonly api = inject(UsersApi);
  private readonly notifier = inject(Notifier);
  private readonly dialogRef = inject<MatDialogRef<CreateUserDialog, UserRecord>>(MatDialogRef);

  protected readonly minPasswordLength = MIN_PASSWORD_LENGTH;
  protected readonly maxPasswordLength = MAX_PASSWORD_LENGTH;
  protected readonly saving = signal(false);
  protected readonly form = inject(NonNullableFormBuilder).group({
    username: ['', [Validators.required, Validators.pattern(USERNAME_PATTERN)]],
    password: ['', [
      Validators.required,
      Validators.minLength(MIN_PASSWORD_LENGTH),
      Validators.maxLength(MAX_PASSWORD_LENGTH),
    ]],
    role: ['member' as Role, Validators.required],
  });

  protected save(): void {
    if (this.form.invalid || this.saving()) {
      this.form.markAllAsTouched();
      return;
    }
    this.saving.set(true);
    this.api.create(this.form.getRawValue()).subscribe({
      next: (user) => this.dialogRef.close(user),
      error: (error: unknown) => {
        this.saving.set(false);
        this.notifier.error(error);
      },
    });
  }
}
