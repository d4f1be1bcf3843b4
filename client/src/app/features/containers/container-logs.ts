import { Component, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { Subscription } from 'rxjs';

import { apiErrorMessage } from '../../core/api-error';
import { Icon } from '../../shared/icon';
import { NotReported } from '../../shared/not-reported';
import { ContainersApi } from './containers-api';
import { HostRef, canManage } from './host-ref';

const TAILS = [100, 200, 500, 1000];

/** The recent tail of a container's log, where the source can read logs (Docker API, SSH). */
@Component({
  selector: 'an-container-logs',
  imports: [Icon, MatButtonModule, MatFormFieldModule, MatProgressBarModule, MatSelectModule, NotReported],
  template: `
    @if (!supported()) {
      <an-not-reported />
      <p class="note">A push agent sends no logs. To read them, also add this machine as a Docker API or SSH host.</p>
    } @else {
      <div class="bar">
        <mat-form-field appearance="outline" subscriptSizing="dynamic" class="tail">
          <mat-label>Lines</mat-label>
          <mat-select [value]="tail()" (selectionChange)="setTail($event.value)">
            @for (n of tails; track n) {
              <mat-option [value]="n">last {{ n }}</mat-option>
            }
          </mat-select>
        </mat-form-field>
        <button matButton="outlined" type="button" [disabled]="loading()" (click)="load()">
          <an-icon name="refresh" /> Refresh logs
        </button>
        @if (lines(); as l) {
          <span class="note">{{ l.length }} line{{ l.length === 1 ? '' : 's' }}</span>
        }
      </div>
      @if (loading()) {
        <mat-progress-bar mode="indeterminate" aria-label="Loading logs" />
      }
      @if (error(); as message) {
        <p class="note error" role="alert">The logs could not be read: {{ message }}</p>
      }
      @if (lines(); as l) {
        <pre class="log" role="log" tabindex="0" [attr.aria-label]="'Logs of ' + name()">{{ text() }}</pre>
      }
    }
  `,
  styles: `
    .bar {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 12px;
      margin-bottom: 8px;
    }
    .tail {
      width: 140px;
    }
    .note {
      margin: 4px 0;
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
    }
    .error {
      color: var(--mat-sys-error);
    }
    .log {
      max-height: 420px;
      overflow: auto;
      margin: 0;
      padding: 8px 12px;
      border-radius: 8px;
      background: var(--mat-sys-surface-container-highest);
      font: 12px/1.45 ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace;
      white-space: pre-wrap;
      overflow-wrap: anywhere;
    }
  `,
})
export class ContainerLogsView {
  private readonly api = inject(ContainersApi);

  readonly host = input.required<HostRef>();
  readonly containerId = input.required<string>();
  readonly name = input.required<string>();

  protected readonly tails = TAILS;
  protected readonly tail = signal(200);
  protected readonly lines = signal<string[] | null>(null);
  protected readonly loading = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly supported = computed(() => canManage(this.host().source));
  protected readonly text = computed(() => {
    const lines = this.lines() ?? [];
    return lines.length ? lines.join('\n') : '(no output)';
  });

  private call: Subscription | null = null;

  constructor() {
    effect(() => {
      this.host();
      this.containerId();
      untracked(() => this.load());
    });
  }

  protected setTail(tail: number): void {
    this.tail.set(tail);
    this.load();
  }

  protected load(): void {
    if (!this.supported()) return;
    this.call?.unsubscribe();
    this.loading.set(true);
    this.call = this.api.logs(this.host(), this.containerId(), this.tail()).subscribe({
      next: (logs) => {
        this.lines.set(logs.lines);
        this.error.set(null);
        this.loading.set(false);
      },
      error: (error: unknown) => {
        this.error.set(apiErrorMessage(error));
        this.loading.set(false);
      },
    });
  }
}
