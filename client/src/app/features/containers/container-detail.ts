import { DatePipe } from '@angular/common';
import { HttpErrorResponse } from '@angular/common/http';
import { Component, computed, effect, inject, input, output, signal, untracked } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatTableModule } from '@angular/material/table';
import { Observable, Subscription } from 'rxjs';

import { apiErrorMessage } from '../../core/api-error';
import { AuthStore } from '../../core/auth/auth-store';
import { clock } from '../../shared/auto-refresh';
import { Field } from '../../shared/field';
import { formatBytes, formatDuration, formatPercent, formatUsage, parseTime } from '../../shared/format';
import { Icon } from '../../shared/icon';
import { NotReported } from '../../shared/not-reported';
import { StateChip } from '../../shared/state-chip';
import { ActionOutcome, ContainerActions } from './container-actions';
import { ContainerLogsView } from './container-logs';
import { Container, ContainerAction, ContainerStats, actionsFor, formatPort, shortId } from './container-model';
import { ContainersApi } from './containers-api';
import { DetailTab } from './detail-tab';
import { ExecTerminal } from './exec-terminal';
import { canManage } from './host-ref';

/** States in which a container has live numbers. */
const LIVE = new Set(['running', 'paused', 'restarting']);

/** One container's detail tab: every section of SPEC §5, each field or "not reported by this source". */
@Component({
  selector: 'an-container-detail',
  imports: [
    ContainerLogsView,
    DatePipe,
    ExecTerminal,
    Field,
    Icon,
    MatButtonModule,
    MatProgressBarModule,
    MatTableModule,
    NotReported,
    StateChip,
  ],
  templateUrl: './container-detail.html',
  styleUrl: './container-detail.scss',
})
export class ContainerDetail {
  private readonly api = inject(ContainersApi);
  private readonly actions = inject(ContainerActions);

  readonly tab = input.required<DetailTab>();
  /** The container is gone (removed here): the page closes the tab. */
  readonly removed = output<void>();
  /** The container's current name, for the tab label. */
  readonly named = output<string>();

  protected readonly isAdmin = inject(AuthStore).isAdmin;
  protected readonly now = clock();
  protected readonly container = signal<Container | null>(null);
  protected readonly loading = signal(false);
  protected readonly error = signal<{ message: string; status: number } | null>(null);
  protected readonly liveStats = signal<ContainerStats | null>(null);
  protected readonly statsLoading = signal(false);
  protected readonly statsError = signal<string | null>(null);
  protected readonly busy = signal(false);
  protected readonly terminalOpen = signal(false);

  protected readonly manageable = computed(() => canManage(this.tab().host.source));
  protected readonly live = computed(() => LIVE.has(this.container()?.state ?? ''));
  /** The agent sends its numbers in the report; the other sources have a stats call. */
  protected readonly stats = computed(() => (this.manageable() ? this.liveStats() : (this.container()?.stats ?? null)));
  protected readonly imageTag = computed(() => imageTag(this.container()?.image));
  protected readonly uptime = computed(() => {
    const c = this.container();
    const started = parseTime(c?.startedAt);
    if (!c || started === null) return null;
    return c.state === 'running' ? formatDuration(this.now() - started) : 'not running';
  });
  protected readonly memoryPercent = computed(() => {
    const s = this.stats();
    return s?.memUsage != null && s.memLimit ? formatPercent((s.memUsage / s.memLimit) * 100) : null;
  });
  protected readonly labels = computed(() =>
    Object.entries(this.container()?.labels ?? {}).map(([key, value]) => ({ key, value })),
  );
  protected readonly availableActions = computed(() => {
    const c = this.container();
    return c && this.isAdmin() && this.manageable() ? actionsFor(c.state) : [];
  });

  protected readonly portColumns = ['published', 'container', 'proto'];
  protected readonly networkColumns = ['name', 'ip'];
  protected readonly mountColumns = ['type', 'source', 'destination', 'mode'];
  protected readonly keyValueColumns = ['key', 'value'];
  protected readonly shortId = shortId;
  protected readonly formatBytes = formatBytes;
  protected readonly formatPercent = formatPercent;
  protected readonly formatUsage = formatUsage;
  protected readonly formatPort = formatPort;

  private detailCall: Subscription | null = null;

  constructor() {
    effect(() => {
      this.tab();
      untracked(() => this.load());
    });
  }

  protected load(): void {
    const tab = this.tab();
    this.detailCall?.unsubscribe();
    this.loading.set(true);
    this.detailCall = this.api.detail(tab.host, tab.id).subscribe({
      next: (container) => {
        this.container.set(container);
        this.loading.set(false);
        this.error.set(null);
        this.named.emit(container.name);
        if (this.manageable() && LIVE.has(container.state)) this.loadStats();
        else this.liveStats.set(null);
      },
      error: (error: unknown) => {
        this.loading.set(false);
        this.error.set({ message: apiErrorMessage(error), status: error instanceof HttpErrorResponse ? error.status : 0 });
      },
    });
  }

  protected loadStats(): void {
    const tab = this.tab();
    this.statsLoading.set(true);
    this.api.stats(tab.host, tab.id).subscribe({
      next: (stats) => {
        this.liveStats.set(stats);
        this.statsError.set(null);
        this.statsLoading.set(false);
      },
      error: (error: unknown) => {
        this.statsError.set(apiErrorMessage(error));
        this.statsLoading.set(false);
      },
    });
  }

  protected act(action: ContainerAction): void {
    const c = this.container();
    if (c) this.track(this.actions.run(this.tab().host, c, action));
  }

  protected remove(): void {
    const c = this.container();
    if (c) this.track(this.actions.remove(this.tab().host, c));
  }

  private track(outcome: Observable<ActionOutcome>): void {
    this.busy.set(true);
    outcome.subscribe({
      next: (result) => {
        if (result.removed) {
          this.removed.emit();
          return;
        }
        this.load();
      },
      complete: () => this.busy.set(false),
      error: () => this.busy.set(false),
    });
  }
}

/** The tag of an image reference (`nginx:1.27` → `1.27`, a registry port is not a tag); null when untagged or pinned by digest only. */
export function imageTag(image: string | null | undefined): string | null {
  if (!image) return null;
  const withoutDigest = image.split('@')[0];
  const lastSlash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.indexOf(':', lastSlash + 1);
  return colon < 0 ? null : withoutDigest.slice(colon + 1) || null;
}
