import { Component, computed, input } from '@angular/core';

/** How a state reads at a glance; the text always says it too (never colour alone). */
const TONE: Record<string, 'good' | 'warn' | 'bad' | 'idle'> = {
  running: 'good',
  healthy: 'good',
  reporting: 'good',
  paused: 'warn',
  restarting: 'warn',
  starting: 'warn',
  removing: 'warn',
  created: 'idle',
  exited: 'idle',
  dead: 'bad',
  unhealthy: 'bad',
  stale: 'warn',
  offline: 'bad',
  unconfirmed: 'warn',
};

/** A container state (and its health when it has a health check), or a host state. */
@Component({
  selector: 'an-state-chip',
  // One line with whitespace kept: exactly one space between the chips, so the text reads "running healthy".
  preserveWhitespaces: true,
  template: `<span class="chip" [class]="tone()">{{ state() }}</span>@if (showHealth()) { <span class="chip health" [class]="healthTone()">{{ health() }}</span>}`,
  styles: `
    :host {
      display: inline-flex;
      gap: 4px;
      flex-wrap: wrap;
    }
    .chip {
      font: var(--mat-sys-label-medium);
      padding: 1px 8px;
      border-radius: 8px;
      white-space: nowrap;
      background: var(--mat-sys-surface-container-highest);
      color: var(--mat-sys-on-surface-variant);
    }
    .good {
      background: var(--mat-sys-primary-container);
      color: var(--mat-sys-on-primary-container);
    }
    .warn {
      background: var(--mat-sys-tertiary-container);
      color: var(--mat-sys-on-tertiary-container);
    }
    .bad {
      background: var(--mat-sys-error-container);
      color: var(--mat-sys-on-error-container);
    }
  `,
})
export class StateChip {
  readonly state = input.required<string>();
  readonly health = input<string | null | undefined>(null);

  protected readonly tone = computed(() => TONE[this.state()] ?? 'idle');
  protected readonly showHealth = computed(() => {
    const health = this.health();
    return !!health && health !== 'none';
  });
  protected readonly healthTone = computed(() => TONE[this.health() ?? ''] ?? 'idle');
}
