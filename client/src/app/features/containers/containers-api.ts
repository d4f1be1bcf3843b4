import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';

import {
  Container,
  ContainerAction,
  ContainerActionResult,
  ContainerLogs,
  ContainerStats,
  ContainerSummary,
} from './container-model';
import { API_PREFIX, HostRef } from './host-ref';

/**
 * Container reads and actions, the same calls for every source: only the
 * prefix differs (SPEC §3, §4). Actions, stats and logs exist for the Docker
 * API and SSH sources only; the agent is read-only.
 */
@Injectable({ providedIn: 'root' })
export class ContainersApi {
  private readonly http = inject(HttpClient);

  list(host: HostRef): Observable<ContainerSummary[]> {
    return this.http.get<ContainerSummary[]>(`${this.hostUrl(host)}/containers`);
  }

  detail(host: HostRef, ref: string): Observable<Container> {
    return this.http.get<Container>(this.containerUrl(host, ref));
  }

  stats(host: HostRef, ref: string): Observable<ContainerStats> {
    return this.http.get<ContainerStats>(`${this.containerUrl(host, ref)}/stats`);
  }

  logs(host: HostRef, ref: string, tail: number): Observable<ContainerLogs> {
    const params = new HttpParams().set('tail', tail).set('timestamps', true);
    return this.http.get<ContainerLogs>(`${this.containerUrl(host, ref)}/logs`, { params });
  }

  act(host: HostRef, ref: string, action: ContainerAction): Observable<ContainerActionResult> {
    return this.http.post<ContainerActionResult>(`${this.containerUrl(host, ref)}/${action}`, null);
  }

  remove(host: HostRef, ref: string, force: boolean): Observable<unknown> {
    const params = force ? new HttpParams().set('force', true) : undefined;
    return this.http.delete(this.containerUrl(host, ref), { params });
  }

  private hostUrl(host: HostRef): string {
    return `${API_PREFIX[host.source]}/hosts/${encodeURIComponent(host.id)}`;
  }

  private containerUrl(host: HostRef, ref: string): string {
    return `${this.hostUrl(host)}/containers/${encodeURIComponent(ref)}`;
  }
}
