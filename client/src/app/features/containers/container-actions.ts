import { Injectable, inject } from '@angular/core';
import { MatDialog } from '@angular/material/dialog';
import { Observable, catchError, filter, map, of, switchMap } from 'rxjs';

import { askConfirmation } from '../../shared/confirm-dialog';
import { Notifier } from '../../shared/notifier';
import { ContainerAction, ContainerState, ContainerSummary } from './container-model';
import { ContainersApi } from './containers-api';
import { HostRef } from './host-ref';

/** What an action did, for the caller to show at once (before the next list refresh). */
export interface ActionOutcome {
  /** The state the engine reports after the action; null after a removal. */
  state: ContainerState | null;
  removed: boolean;
}

const DONE: Record<ContainerAction, string> = {
  start: 'started',
  stop: 'stopped',
  restart: 'restarted',
  pause: 'paused',
  unpause: 'unpaused',
};

/**
 * Runs container actions (admin, Docker API and SSH sources) and tells the user
 * what happened: a snackbar with the resulting state, or the server's reason.
 * Removal asks first. The observable emits once on success and completes
 * without a value on refusal, cancel or failure.
 */
@Injectable({ providedIn: 'root' })
export class ContainerActions {
  private readonly api = inject(ContainersApi);
  private readonly dialog = inject(MatDialog);
  private readonly notifier = inject(Notifier);

  run(host: HostRef, container: Pick<ContainerSummary, 'id' | 'name'>, action: ContainerAction): Observable<ActionOutcome> {
    return this.api.act(host, container.id, action).pipe(
      map((result) => {
        const message = result.note
          ? `${container.name}: ${result.note} (${result.state})`
          : `${container.name} ${DONE[action]}: now ${result.state}`;
        this.notifier.success(message);
        return { state: result.state, removed: false };
      }),
      catchError((error: unknown) => this.fail(error)),
    );
  }

  remove(host: HostRef, container: Pick<ContainerSummary, 'id' | 'name' | 'state'>): Observable<ActionOutcome> {
    const running = container.state === 'running' || container.state === 'paused' || container.state === 'restarting';
    return askConfirmation(this.dialog, {
      title: `Remove ${container.name}?`,
      message: running
        ? `${container.name} is ${container.state}: it will be killed, then removed with its writable layer. Volumes stay. This cannot be undone.`
        : `${container.name} will be removed with its writable layer. Volumes stay. This cannot be undone.`,
      confirm: 'Remove',
    }).pipe(
      filter(Boolean),
      switchMap(() => this.api.remove(host, container.id, running)),
      map(() => {
        this.notifier.success(`${container.name} removed`);
        return { state: null, removed: true };
      }),
      catchError((error: unknown) => this.fail(error)),
    );
  }

  private fail(error: unknown): Observable<never> {
    this.notifier.error(error);
    return of<never>();
  }
}
