import { Clipboard } from '@angular/cdk/clipboard';
import { DOCUMENT } from '@angular/common';
import { Component, computed, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSnackBar } from '@angular/material/snack-bar';

import { Icon } from '../../shared/icon';

const HOST_ID = /^[A-Za-z0-9._-]{1,128}$/;

/**
 * Copy-paste install steps for the push agent, with this server's address
 * filled in (the address the browser uses; the agent's machine must reach it
 * too). The token is never shown: the console does not know it, by design.
 */
@Component({
  selector: 'an-agent-install',
  imports: [FormsModule, Icon, MatButtonModule, MatFormFieldModule, MatInputModule],
  template: `
    <p>
      Run these on the Docker host, in a copy of the <code>agent/</code> folder of ArchNest
      (the script, <code>archnest-docker-agent.sh</code>, and <code>systemd/</code>). It needs bash, docker, curl and jq.
      Replace the token placeholder with the server's <code>ARCHNEST_AGENT_TOKEN</code>; ingest stays off until that is set on the server.
    </p>
    <mat-form-field appearance="outline" subscriptSizing="dynamic" class="host-id">
      <mat-label>Host id for this machine</mat-label>
      <input matInput [ngModel]="hostId()" (ngModelChange)="hostId.set($event)" autocomplete="off" spellcheck="false" />
      @if (!validHostId()) {
        <mat-hint class="bad">1-128 letters, digits, ".", "_" or "-"</mat-hint>
      }
    </mat-form-field>
    <div class="snippet">
      <pre data-testid="agent-install-commands" tabindex="0" aria-label="Agent install commands">{{ commands() }}</pre>
      <button matIconButton type="button" class="copy" aria-label="Copy the install commands" (click)="copy()">
        <an-icon name="copy" />
      </button>
    </div>
    <p class="note">
      The agent reports every 30 s; a host without a report for 90 s is shown as stale.
      Details, cron and troubleshooting: <code>agent/README.md</code>.
    </p>
  `,
  styles: `
    .host-id {
      width: min(360px, 100%);
      margin-bottom: 8px;
    }
    .bad {
      color: var(--mat-sys-error);
    }
    .snippet {
      position: relative;
    }
    pre {
      margin: 0;
      padding: 12px 48px 12px 12px;
      border-radius: 8px;
      overflow-x: auto;
      background: var(--mat-sys-surface-container-highest);
      font: 12px/1.5 ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace;
    }
    .copy {
      position: absolute;
      top: 4px;
      right: 4px;
    }
    .note {
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
    }
  `,
})
export class AgentInstall {
  private readonly clipboard = inject(Clipboard);
  private readonly snackBar = inject(MatSnackBar);

  protected readonly serverUrl = inject(DOCUMENT).location.origin;
  protected readonly hostId = signal('docker01');
  protected readonly validHostId = computed(() => HOST_ID.test(this.hostId()));
  protected readonly commands = computed(() => {
    const id = this.validHostId() ? this.hostId() : 'docker01';
    return [
      'sudo install -m 755 archnest-docker-agent.sh /usr/local/bin/archnest-docker-agent.sh',
      'sudo useradd --system --no-create-home --shell /usr/sbin/nologin archnest-agent',
      'sudo usermod -aG docker archnest-agent',
      'sudo install -d -m 755 /etc/archnest',
      'sudo install -m 600 -o archnest-agent -g archnest-agent /dev/null /etc/archnest/agent.env',
      "sudo tee /etc/archnest/agent.env >/dev/null <<'EOF'",
      `ARCHNEST_URL=${this.serverUrl}`,
      'ARCHNEST_AGENT_TOKEN=<the server ARCHNEST_AGENT_TOKEN>',
      `ARCHNEST_HOST_ID=${id}`,
      'EOF',
      'sudo -u archnest-agent /usr/local/bin/archnest-docker-agent.sh',
      'sudo install -m 644 systemd/archnest-agent.service systemd/archnest-agent.timer /etc/systemd/system/',
      'sudo systemctl daemon-reload',
      'sudo systemctl enable --now archnest-agent.timer',
    ].join('\n');
  });

  protected copy(): void {
    const copied = this.clipboard.copy(this.commands());
    this.snackBar.open(copied ? 'Install commands copied' : 'The browser refused to copy: select the text and copy it', undefined, {
      duration: 4000,
    });
  }
}
