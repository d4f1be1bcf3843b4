import { Component, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';

import { Notifier } from '../../shared/notifier';
import { FINGERPRINT_PATTERN, HOST_NAME_PATTERN, HOST_NAME_RULE, MAX_PEM_LENGTH, SSH_USERNAME_PATTERN } from './host-rules';
import { HostsApi, NewSshHost, SshHost, SshHostChanges } from './hosts-api';

export interface SshHostDialogData {
  /** The host to edit; null to add one. */
  host: SshHost | null;
  /** Every registered SSH host, for the jump host choice. */
  hosts: SshHost[];
}

/**
 * Adds or edits a Docker host reached over SSH. Credentials are write-only: an
 * edit keeps what is stored unless new text is typed or the admin clears it.
 * The host key fingerprint may be left empty: a test then shows the presented
 * key for the admin to confirm (trust on first use).
 */
@Component({
  selector: 'an-ssh-host-dialog',
  imports: [MatButtonModule, MatCheckboxModule, MatDialogModule, MatFormFieldModule, MatInputModule, MatSelectModule, ReactiveFormsModule],
  templateUrl: './ssh-host-dialog.html',
  styles: `
    .fields {
      display: grid;
      grid-template-columns: 1fr 120px;
      gap: 4px 12px;
      padding-top: 8px;
      min-width: min(520px, 80vw);
    }
    .full {
      grid-column: 1 / -1;
    }
    textarea {
      font-family: ui-monospace, monospace;
      font-size: 12px;
    }
    .form-error {
      margin: 0;
      color: var(--mat-sys-error);
    }
    .stored {
      margin: 0;
      font: var(--mat-sys-body-small);
    }
  `,
})
export class SshHostDialog {
  private readonly api = inject(HostsApi);
  private readonly notifier = inject(Notifier);
  private readonly dialogRef = inject<MatDialogRef<SshHostDialog, SshHost>>(MatDialogRef);
  private readonly data = inject<SshHostDialogData>(MAT_DIALOG_DATA);

  protected readonly editing = this.data.host;
  protected readonly jumpChoices = this.data.hosts.filter((h) => h.id !== this.editing?.id);
  protected readonly nameRule = HOST_NAME_RULE;
  protected readonly saving = signal(false);
  protected readonly missingCredentials = signal(false);
  protected readonly form = inject(NonNullableFormBuilder).group({
    name: [this.editing?.name ?? '', [Validators.required, Validators.pattern(HOST_NAME_PATTERN)]],
    host: [this.editing?.host ?? '', [Validators.required, Validators.maxLength(253), Validators.pattern(/^[A-Za-z0-9.:-]+$/)]],
    port: [this.editing?.port ?? 22, [Validators.required, Validators.min(1), Validators.max(65535)]],
    username: [this.editing?.username ?? '', [Validators.required, Validators.pattern(SSH_USERNAME_PATTERN)]],
    privateKey: ['', Validators.maxLength(MAX_PEM_LENGTH)],
    passphrase: ['', Validators.maxLength(1024)],
    password: ['', Validators.maxLength(1024)],
    clearKey: [false],
    clearPassword: [false],
    jumpHostId: [this.editing?.jumpHostId ?? (null as number | null)],
    hostKeyFingerprint: [this.editing?.hostKeyFingerprint ?? '', Validators.pattern(FINGERPRINT_PATTERN)],
  });

  protected save(): void {
    if (this.form.invalid || this.saving()) {
      this.form.markAllAsTouched();
      return;
    }
    const v = this.form.getRawValue();
    if (!this.editing && !v.privateKey.trim() && !v.password) {
      this.missingCredentials.set(true);
      return;
    }
    this.saving.set(true);
    const call = this.editing ? this.api.updateSsh(this.editing.id, this.changes(v)) : this.api.createSsh(this.newHost(v));
    call.subscribe({
      next: (host) => this.dialogRef.close(host),
      error: (error: unknown) => {
        this.saving.set(false);
        this.notifier.error(error);
      },
    });
  }

  private newHost(v: ReturnType<typeof this.form.getRawValue>): NewSshHost {
    const host: NewSshHost = { name: v.name, host: v.host, port: Number(v.port), username: v.username };
    if (v.privateKey.trim()) host.privateKey = `${v.privateKey.trim()}\n`;
    if (v.passphrase) host.passphrase = v.passphrase;
    if (v.password) host.password = v.password;
    if (v.jumpHostId !== null) host.jumpHostId = v.jumpHostId;
    if (v.hostKeyFingerprint) host.hostKeyFingerprint = v.hostKeyFingerprint;
    return host;
  }

  private changes(v: ReturnType<typeof this.form.getRawValue>): SshHostChanges {
    const old = this.editing!;
    const changes: SshHostChanges = {};
    if (v.name !== old.name) changes.name = v.name;
    if (v.host !== old.host) changes.host = v.host;
    if (Number(v.port) !== old.port) changes.port = Number(v.port);
    if (v.username !== old.username) changes.username = v.username;
    if (v.clearKey) Object.assign(changes, { privateKey: null, passphrase: null });
    if (v.privateKey.trim()) changes.privateKey = `${v.privateKey.trim()}\n`;
    if (v.passphrase) changes.passphrase = v.passphrase;
    if (v.clearPassword) changes.password = null;
    if (v.password) changes.password = v.password;
    if (v.jumpHostId !== old.jumpHostId) changes.jumpHostId = v.jumpHostId;
    const fingerprint = v.hostKeyFingerprint || null;
    if (fingerprint !== old.hostKeyFingerprint) changes.hostKeyFingerprint = fingerprint;
    return changes;
  }
}
