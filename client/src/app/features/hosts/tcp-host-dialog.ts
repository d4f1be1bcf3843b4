import { Component, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';

import { Notifier } from '../../shared/notifier';
import { ENGINE_URL_PATTERN, MAX_PEM_LENGTH, TCP_HOST_NAME_PATTERN, TCP_HOST_NAME_RULE } from './host-rules';
import { HostsApi, TcpHost, TcpHostChanges } from './hosts-api';

/**
 * Adds or edits a Docker Engine API host. TLS material is write-only: an edit
 * shows whether some is stored and keeps it unless new PEM text is pasted or
 * the admin removes it. Saves by itself and stays open on a refusal.
 */
@Component({
  selector: 'an-tcp-host-dialog',
  imports: [MatButtonModule, MatCheckboxModule, MatDialogModule, MatFormFieldModule, MatInputModule, ReactiveFormsModule],
  template: `
    <h2 mat-dialog-title>{{ editing ? 'Edit ' + editing.name : 'Add a Docker API host' }}</h2>
    <form [formGroup]="form" (ngSubmit)="save()" novalidate>
      <mat-dialog-content class="fields">
        <mat-form-field appearance="outline">
          <mat-label>Name</mat-label>
          <input matInput formControlName="name" autocomplete="off" required cdkFocusInitial />
          @if (form.controls.name.invalid) {
            <mat-error>{{ nameRule }}</mat-error>
          }
        </mat-form-field>
        <mat-form-field appearance="outline">
          <mat-label>Engine URL</mat-label>
          <input matInput formControlName="url" autocomplete="off" required placeholder="tcp://10.0.0.5:2375" />
          <mat-hint>tcp://host:2375 (plain) or https://host:2376 (TLS; CA and client certificate below)</mat-hint>
          @if (form.controls.url.invalid) {
            <mat-error>tcp://host:port or https://host:port</mat-error>
          }
        </mat-form-field>
        @if (editing && hasTls) {
          <p class="stored">TLS material is stored. Leave the fields below empty to keep it.</p>
          <mat-checkbox formControlName="clearTls">Remove the stored CA, certificate and key</mat-checkbox>
        }
        <mat-form-field appearance="outline">
          <mat-label>CA certificate (PEM)</mat-label>
          <textarea matInput formControlName="ca" rows="3" spellcheck="false" placeholder="-----BEGIN CERTIFICATE-----"></textarea>
        </mat-form-field>
        <mat-form-field appearance="outline">
          <mat-label>Client certificate (PEM)</mat-label>
          <textarea matInput formControlName="cert" rows="3" spellcheck="false"></textarea>
        </mat-form-field>
        <mat-form-field appearance="outline">
          <mat-label>Client key (PEM)</mat-label>
          <textarea matInput formControlName="key" rows="3" spellcheck="false"></textarea>
          <mat-hint>Stored encrypted; never shown again</mat-hint>
        </mat-form-field>
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button matButton type="button" mat-dialog-close>Cancel</button>
        <button matButton="filled" type="submit" [disabled]="saving()">{{ editing ? 'Save' : 'Add' }}</button>
      </mat-dialog-actions>
    </form>
  `,
  styles: `
    .fields {
      display: flex;
      flex-direction: column;
      gap: 4px;
      padding-top: 8px;
      min-width: min(480px, 80vw);
    }
    textarea {
      font-family: ui-monospace, monospace;
      font-size: 12px;
    }
    .stored {
      margin: 0;
      font: var(--mat-sys-body-small);
    }
  `,
})
export class TcpHostDialog {
  private readonly api = inject(HostsApi);
  private readonly notifier = inject(Notifier);
  private readonly dialogRef = inject<MatDialogRef<TcpHostDialog, TcpHost>>(MatDialogRef);

  protected readonly editing = inject<TcpHost | null>(MAT_DIALOG_DATA, { optional: true });
  protected readonly hasTls = !!this.editing && (this.editing.hasCa || this.editing.hasClientCert);
  protected readonly nameRule = TCP_HOST_NAME_RULE;
  protected readonly saving = signal(false);
  protected readonly form = inject(NonNullableFormBuilder).group({
    name: [this.editing?.name ?? '', [Validators.required, Validators.pattern(TCP_HOST_NAME_PATTERN)]],
    url: [this.editing?.url ?? '', [Validators.required, Validators.pattern(ENGINE_URL_PATTERN)]],
    ca: ['', Validators.maxLength(MAX_PEM_LENGTH)],
    cert: ['', Validators.maxLength(MAX_PEM_LENGTH)],
    key: ['', Validators.maxLength(MAX_PEM_LENGTH)],
    clearTls: [false],
  });

  protected save(): void {
    if (this.form.invalid || this.saving()) {
      this.form.markAllAsTouched();
      return;
    }
    const { name, url, ca, cert, key, clearTls } = this.form.getRawValue();
    const tls = { ca: ca.trim(), cert: cert.trim(), key: key.trim() };
    const pem = (text: string) => (text ? `${text}\n` : undefined);
    this.saving.set(true);
    const call = this.editing
      ? this.api.updateTcp(this.editing.id, this.changes(name, url, tls, clearTls))
      : this.api.createTcp({ name, url, ca: pem(tls.ca), cert: pem(tls.cert), key: pem(tls.key) });
    call.subscribe({
      next: (host) => this.dialogRef.close(host),
      error: (error: unknown) => {
        this.saving.set(false);
        this.notifier.error(error);
      },
    });
  }

  private changes(name: string, url: string, tls: { ca: string; cert: string; key: string }, clear: boolean): TcpHostChanges {
    const changes: TcpHostChanges = {};
    if (name !== this.editing?.name) changes.name = name;
    if (url !== this.editing?.url) changes.url = url;
    if (clear) Object.assign(changes, { ca: null, cert: null, key: null });
    for (const part of ['ca', 'cert', 'key'] as const) if (tls[part]) changes[part] = `${tls[part]}\n`;
    return changes;
  }
}
