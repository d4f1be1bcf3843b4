import { Component, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule } from '@angular/material/dialog';

export interface HostKeyDialogData {
  hostName: string;
  address: string;
  presented: string;
  /** The fingerprint pinned before; set when the host now presents a different key. */
  pinned: string | null;
}

/**
 * Trust on first use: the admin compares the key the host presented with the
 * one the machine itself prints, and only then pins it. A changed key gets a
 * louder warning, since that is what an interception looks like.
 */
@Component({
  selector: 'an-host-key-dialog',
  imports: [MatButtonModule, MatDialogModule],
  template: `
    @if (data.pinned) {
      <h2 mat-dialog-title>The host key of {{ data.hostName }} changed</h2>
    } @else {
      <h2 mat-dialog-title>Trust the host key of {{ data.hostName }}?</h2>
    }
    <mat-dialog-content class="content">
      @if (data.pinned) {
        <p class="warning" role="alert">
          {{ data.address }} now presents a different key than the one pinned. This happens when the
          server was reinstalled or its keys regenerated, and also when someone intercepts the connection.
          Replace the pinned key only if you know why it changed.
        </p>
        <p>Pinned:</p>
        <code class="fingerprint">{{ data.pinned }}</code>
      } @else {
        <p>{{ data.address }} presented this key. ArchNest runs no command on the host until you confirm it.</p>
      }
      <p>Presented:</p>
      <code class="fingerprint" data-testid="presented-fingerprint">{{ data.presented }}</code>
      <p class="hint">
        Compare it on the host itself, e.g. <code>ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub</code>
        (or the key type the server uses).
      </p>
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button matButton type="button" [mat-dialog-close]="false">Cancel</button>
      <button matButton="filled" type="button" [mat-dialog-close]="true">
        {{ data.pinned ? 'Replace the pinned key' : 'Trust this key' }}
      </button>
    </mat-dialog-actions>
  `,
  styles: `
    .content {
      max-width: 560px;
    }
    .fingerprint {
      display: block;
      padding: 6px 8px;
      border-radius: 6px;
      background: var(--mat-sys-surface-container-highest);
      overflow-wrap: anywhere;
    }
    .warning {
      color: var(--mat-sys-error);
    }
    .hint {
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
    }
  `,
})
export class HostKeyDialog {
  protected readonly data = inject<HostKeyDialogData>(MAT_DIALOG_DATA);
}
