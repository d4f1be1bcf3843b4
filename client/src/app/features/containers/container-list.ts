import { TitleCasePipe } from '@angular/common';
import { HttpErrorResponse } from '@angular/common/http';
import { Component, computed, effect, inject, input, model, output, signal, untracked } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatMenuModule } from '@angular/material/menu';
import { MatPaginatorModule, PageEvent } from '@angular/material/paginator';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatProgressSpinnerModule } from '@angular/material/progress-spinner';
import { MatSelectModule } from '@angular/material/select';
import { MatSortModule, Sort } from '@angular/material/sort';
import { MatTableModule } from '@angular/material/table';
import { RouterLink } from '@angular/router';
import { Observable, Subscription } from 'rxjs';

import { apiErrorMessage } from '../../core/api-error';
import { AuthStore } from '../../core/auth/auth-store';
import { autoRefresh, clock } from '../../shared/auto-refresh';
import { formatAge, formatBytes, formatPercent } from '../../shared/format';
import { Icon } from '../../shared/icon';
import { StateChip } from '../../shared/state-chip';
import { HostsApi } from '../hosts/hosts-api';
import { ActionOutcome, ContainerActions } from './container-actions';
import { ContainerAction, ContainerSummary, actionsFor, formatPort } from './container-model';
import { RowSort, SortColumn, filterRows, indexRows, sortRows } from './container-rows';
import { ContainersApi } from './containers-api';
import { DetailTab, detailTab } from './detail-tab';
import { HostChoice, HostGroup, loadHostGroups } from './host-groups';
import { HostRef, canManage, hostKey } from './host-ref';

export const REFRESH_MS = 10_000;
const PAGE_SIZES = [25, 50, 100, 250];

/** Tab 1 of the containers page: pick a host, see its containers, act on them. */
@Component({
  selector: 'an-container-list',
  imports: [
    FormsModule,
    Icon,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    MatMenuModule,
    MatPaginatorModule,
    MatProgressBarModule,
    MatProgressSpinnerModule,
    MatSelectModule,
    MatSortModule,
    MatTableModule,
    RouterLink,
    StateChip,
    TitleCasePipe,
  ],
  templateUrl: './container-list.html',
  styleUrl: './container-list.scss',
})
export class ContainerList {
  private readonly hostsApi = inject(HostsApi);
  private readonly api = inject(ContainersApi);
  private readonly actions = inject(ContainerActions);

  /** The selected host (two-way: the page keeps it in the URL). */
  readonly host = model<HostRef | null>(null);
  /** Open detail tabs, so a name can say that its tab is open. */
  readonly openTabs = input<readonly DetailTab[]>([]);
  readonly openContainer = output<DetailTab>();

  protected readonly isAdmin = inject(AuthStore).isAdmin;
  protected readonly now = clock();
  protected readonly pageSizes = PAGE_SIZES;

  protected readonly groups = signal<HostGroup[] | null>(null);
  protected readonly hostsError = signal<string | null>(null);
  /** TCP/SSH hosts whose last list call failed, with the reason: shown as offline. */
  protected readonly offline = signal<ReadonlyMap<string, string>>(new Map());

  protected readonly rows = signal<ContainerSummary[] | null>(null);
  protected readonly loading = signal(false);
  protected readonly loadError = signal<{ message: string; status: number } | null>(null);
  protected readonly loadedAt = signal<number | null>(null);
  protected readonly busy = signal<ReadonlySet<string>>(new Set());

  protected readonly query = signal('');
  protected readonly sort = signal<RowSort | null>(null);
  protected readonly pageIndex = signal(0);
  protected readonly pageSize = signal(50);

  protected readonly selectedKey = computed(() => {
    const host = this.host();
    return host ? hostKey(host) : null;
  });
  protected readonly choice = computed<HostChoice | null>(() => {
    const key = this.selectedKey();
    for (const group of this.groups() ?? []) {
      const found = group.hosts.find((h) => h.key === key);
      if (found) return found;
    }
    return null;
  });
  protected readonly manageable = computed(() => {
    const host = this.host();
    return !!host && canManage(host.source);
  });
  protected readonly columns = computed(() => {
    const base = ['name', 'image', 'state', 'cpu', 'memory', 'ports'];
    return this.isAdmin() && this.manageable() ? [...base, 'actions'] : base;
  });

  private readonly indexed = computed(() => indexRows(this.rows() ?? []));
  protected readonly filtered = computed(() => filterRows(this.indexed(), this.query()));
  private readonly sorted = computed(() => sortRows(this.filtered(), this.sort()));
  protected readonly page = computed(() => {
    const start = this.pageIndex() * this.pageSize();
    return this.sorted().slice(start, start + this.pageSize());
  });
  protected readonly openIds = computed(() => new Set(this.openTabs().map((t) => t.key)));
  protected readonly noStats = computed(() => (this.rows() ?? []).every((r) => !r.stats));
  protected readonly dataAge = computed(() => {
    const choice = this.choice();
    if (choice?.receivedAt) return `reported ${formatAge(choice.receivedAt, this.now())}`;
    const at = this.loadedAt();
    return at === null ? null : `updated ${formatAge(new Date(at).toISOString(), this.now())}`;
  });

  protected readonly trackRow = (_: number, row: ContainerSummary) => row.id;
  protected readonly formatPort = formatPort;
  protected readonly formatPercent = formatPercent;
  protected readonly formatBytes = formatBytes;
  protected readonly formatAge = formatAge;

  private listCall: Subscription | null = null;

  constructor() {
    this.loadHosts();
    // A new host: forget the old rows and paging at once, then load.
    effect(() => {
      const host = this.host();
      untracked(() => {
        this.rows.set(null);
        this.loadError.set(null);
        this.loadedAt.set(null);
        this.pageIndex.set(0);
        if (host) this.loadRows();
      });
    });
    autoRefresh(() => {
      this.loadHosts();
      // A slow host (an SSH hop, a busy engine) keeps its call: restarting it every period would never let it finish.
      if (this.host() && !this.loading()) this.loadRows();
    }, REFRESH_MS);
  }

  protected loadHosts(): void {
    loadHostGroups(this.hostsApi).subscribe((groups) => {
      this.groups.set(groups);
      this.hostsError.set(groups.every((g) => g.error) ? groups[0].error : null);
      // First visit without a host in the URL: show the first one rather than an empty page.
      if (!this.host()) {
        const first = groups.flatMap((g) => g.hosts)[0];
        if (first) this.host.set(first.ref);
      }
    });
  }

  protected loadRows(): void {
    const host = this.host();
    if (!host) return;
    const key = hostKey(host);
    this.listCall?.unsubscribe();
    this.loading.set(true);
    this.listCall = this.api.list(host).subscribe({
      next: (rows) => {
        this.rows.set(rows);
        this.loading.set(false);
        this.loadError.set(null);
        this.loadedAt.set(Date.now());
        this.markOffline(key, null);
        // The list may have shrunk below the current page.
        const pages = Math.max(1, Math.ceil(this.filtered().length / this.pageSize()));
        if (this.pageIndex() >= pages) this.pageIndex.set(pages - 1);
      },
      error: (error: unknown) => {
        this.loading.set(false);
        const status = error instanceof HttpErrorResponse ? error.status : 0;
        this.loadError.set({ message: apiErrorMessage(error), status });
        if (host.source !== 'agent') this.markOffline(key, apiErrorMessage(error));
      },
    });
  }

  protected selectHost(key: string): void {
    const choice = (this.groups() ?? []).flatMap((g) => g.hosts).find((h) => h.key === key);
    if (choice) this.host.set(choice.ref);
  }

  protected setQuery(query: string): void {
    this.query.set(query);
    this.pageIndex.set(0);
  }

  protected setSort(sort: Sort): void {
    this.sort.set(sort.direction ? { column: sort.active as SortColumn, direction: sort.direction } : null);
    this.pageIndex.set(0);
  }

  protected setPage(event: PageEvent): void {
    this.pageSize.set(event.pageSize);
    this.pageIndex.set(event.pageIndex);
  }

  protected open(row: ContainerSummary): void {
    const host = this.host();
    if (host) this.openContainer.emit(detailTab(host, row.id, row.name));
  }

  protected isOpen(row: ContainerSummary): boolean {
    const host = this.host();
    return !!host && this.openIds().has(detailTab(host, row.id, row.name).key);
  }

  protected actionsOf(row: ContainerSummary): ContainerAction[] {
    return actionsFor(row.state);
  }

  protected act(row: ContainerSummary, action: ContainerAction): void {
    const host = this.host();
    if (host) this.track(row, this.actions.run(host, row, action));
  }

  protected remove(row: ContainerSummary): void {
    const host = this.host();
    if (host) this.track(row, this.actions.remove(host, row));
  }

  protected offlineReason(choice: HostChoice): string | null {
    return this.offline().get(choice.key) ?? null;
  }

  private track(row: ContainerSummary, outcome: Observable<ActionOutcome>): void {
    this.busy.update((ids) => new Set(ids).add(row.id));
    const done = () =>
      this.busy.update((ids) => {
        const next = new Set(ids);
        next.delete(row.id);
        return next;
      });
    outcome.subscribe({
      next: (result) => {
        // Show the result at once; the reload then brings status text and the rest.
        this.rows.update((rows) =>
          result.removed
            ? (rows ?? []).filter((r) => r.id !== row.id)
            : (rows ?? []).map((r) => (r.id === row.id && result.state ? { ...r, state: result.state } : r)),
        );
        this.loadRows();
      },
      complete: done,
      error: done,
    });
  }

  private markOffline(key: string, reason: string | null): void {
    const current = this.offline();
    if ((current.get(key) ?? null) === reason) return;
    const next = new Map(current);
    if (reason === null) next.delete(key);
    else next.set(key, reason);
    this.offline.set(next);
  }
}
