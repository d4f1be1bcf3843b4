import { Component, computed, effect, inject, signal, untracked } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatTabsModule } from '@angular/material/tabs';
import { ActivatedRoute, ParamMap, Router } from '@angular/router';

import { Icon } from '../../shared/icon';
import { ContainerDetail } from './container-detail';
import { ContainerList } from './container-list';
import { DetailTab, parseTabParam, tabParam } from './detail-tab';
import { HostRef, hostKey, parseHostKey } from './host-ref';

/** What the URL holds: `?host=tcp:3&open=tcp:3:<id>:web&open=…&tab=tcp:3:<id>`. */
interface PageState {
  host: HostRef | null;
  tabs: DetailTab[];
  /** Key of the selected detail tab; null for the list. */
  selected: string | null;
}

/**
 * The containers page: tab 1 lists a host's containers, every other tab is one
 * container's detail, opened from the list and closed from its label. The page
 * state lives in the URL, so a reload or a shared link brings the same tabs back.
 */
@Component({
  selector: 'an-containers-page',
  imports: [ContainerDetail, ContainerList, Icon, MatTabsModule],
  templateUrl: './containers-page.html',
  styleUrl: './containers-page.scss',
})
export class ContainersPage {
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);

  protected readonly host = signal<HostRef | null>(null);
  protected readonly tabs = signal<DetailTab[]>([]);
  protected readonly selected = signal<string | null>(null);
  protected readonly selectedIndex = computed(() => {
    const index = this.tabs().findIndex((tab) => tab.key === this.selected());
    return index + 1;
  });

  constructor() {
    // The URL leads: a reload, a shared link, back/forward or a click on "Containers" in the nav.
    this.route.queryParamMap.pipe(takeUntilDestroyed()).subscribe((params) => this.adopt(params));
    // And follows every change made here (replacing the entry: tabs are not history steps).
    effect(() => {
      const params = toParams({ host: this.host(), tabs: this.tabs(), selected: this.selected() });
      untracked(() => {
        if (sameParams(params, this.route.snapshot.queryParamMap)) return;
        void this.router.navigate([], { relativeTo: this.route, queryParams: params, replaceUrl: true });
      });
    });
  }

  protected open(tab: DetailTab): void {
    if (!this.tabs().some((t) => t.key === tab.key)) this.tabs.update((tabs) => [...tabs, tab]);
    this.selected.set(tab.key);
  }

  protected close(tab: DetailTab, event?: Event): void {
    // The close button sits inside the tab label: without this the click would select the tab first.
    event?.stopPropagation();
    const tabs = this.tabs();
    const index = tabs.findIndex((t) => t.key === tab.key);
    if (index < 0) return;
    const rest = tabs.filter((t) => t.key !== tab.key);
    if (this.selected() === tab.key) this.selected.set(rest[index - 1]?.key ?? rest[index]?.key ?? null);
    this.tabs.set(rest);
  }

  protected select(index: number): void {
    this.selected.set(index === 0 ? null : (this.tabs()[index - 1]?.key ?? null));
  }

  /** The detail knows the current name (a container may have been renamed since the link was made). */
  protected rename(tab: DetailTab, name: string): void {
    if (name && name !== tab.name) this.tabs.update((tabs) => tabs.map((t) => (t.key === tab.key ? { ...t, name } : t)));
  }

  private adopt(params: ParamMap): void {
    if (sameParams(toParams({ host: this.host(), tabs: this.tabs(), selected: this.selected() }), params)) return;
    const state = fromParams(params);
    this.host.set(state.host);
    this.tabs.set(state.tabs);
    this.selected.set(state.selected);
  }
}

type Params = { host: string | null; open: string[] | null; tab: string | null };

function toParams(state: PageState): Params {
  return {
    host: state.host ? hostKey(state.host) : null,
    open: state.tabs.length ? state.tabs.map(tabParam) : null,
    tab: state.selected,
  };
}

function fromParams(params: ParamMap): PageState {
  const tabs: DetailTab[] = [];
  for (const text of params.getAll('open')) {
    const tab = parseTabParam(text);
    if (tab && !tabs.some((t) => t.key === tab.key)) tabs.push(tab);
  }
  const selected = params.get('tab');
  return {
    host: parseHostKey(params.get('host')),
    tabs,
    selected: tabs.some((t) => t.key === selected) ? selected : null,
  };
}

function sameParams(params: Params, current: ParamMap): boolean {
  return (
    (params.host ?? null) === current.get('host') &&
    (params.tab ?? null) === current.get('tab') &&
    JSON.stringify(params.open ?? []) === JSON.stringify(current.getAll('open'))
  );
}
