import { Component, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';

import { Notifier } from '../../shared/notifier';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from './account-rules';
import { UserRecord, UsersApi } from './users-api';

/** Sets a new password for another user; saves by itself like the create dialog. */
@Component({
  selector: 'an-reset-password-dialog',
  imports: [MatButtonModule, MatDialogModule, MatFormFieldModule, MatInputModule, ReactiveFormsModule],
  template: `
    <h2 mat-dialog-title>Reset password of {{ user.username }}</h2>
    <form [formGroup]="form" (ngSubmit)="save()" novalidate>
      <mat-dialog-content>
        <mat-form-field appearance="outline" class="field">
          <mat-label>New password</mat-label>
          <input matInput type="password" formControlName="password" autocomplete="new-password" required cdkFocusInitial />
          <mat-hint>At least {{ minPasswordLength }} characters</mat-hint>
          @if (form.controls.password.invalid) {
            <mat-error>{{ minPasswordLength }} to {{ maxPasswordLength }} characters</mat-error>
          }
        </mat-form-field>
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button matButton type="button" mat-dialog-close>Cancel</button>
        <button matButton="filled" type="submit" [disabled]="saving()">Set password</button>
      </mat-dialog-actions>
    </form>
  `,
  styles: `
    .field {
      width: 100%;
      padding-top: 8px;
    }
  `,
})
export class ResetPasswordDialog {
  private readonly api = inject(UsersApi);
  private readonly notifier = inject(Notifier);
  private readonly dialogRef = inject<MatDialogRef<ResetPasswordDialog, UserRecord>>(MatDialogRef);

  protected readonly user = inject<UserRecord>(MAT_DIALOG_DATA);
  protected readonly minPasswordLength = MIN_PASSWORD_LENGTH;
  protected readonly maxPasswordLength = MAX_PASSWORD_LENGTH;
  protected readonly saving = signal(false);
  protected readonly form = inject(NonNullableFormBuilder).group({
    password: ['', [
      Validators.required,
      Validators.minLength(MIN_PASSWORD_LENGTH),
      Validators.maxLength(MAX_PASSWORD_LENGTH),
    ]],
  });

  protected save(): void {
    if (this.form.invalid || this.saving()) {
      this.form.markAllAsTouched();
      return;
    }
    this.saving.set(true);
    this.api.update(this.user.id, { password: this.form.getRawValue().password }).subscribe({
      next: (user) => this.dialogRef.close(user),
      error: (error: unknown) => {
        this.saving.set(false);
        this.notifier.error(error);
      },
    });
  }
}
