import { DatePipe, DecimalPipe, NgTemplateOutlet } from '@angular/common';
import { Component, WritableSignal, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatMenuModule } from '@angular/material/menu';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatTableModule } from '@angular/material/table';
import { Observable, filter, switchMap } from 'rxjs';

import { apiErrorMessage } from '../../core/api-error';
import { AuthStore } from '../../core/auth/auth-store';
import { autoRefresh, clock } from '../../shared/auto-refresh';
import { askConfirmation } from '../../shared/confirm-dialog';
import { formatAge } from '../../shared/format';
import { Notifier } from '../../shared/notifier';
import { StateChip } from '../../shared/state-chip';
import { AgentInstall } from './agent-install';
import { HostKeyDialog, HostKeyDialogData } from './host-key-dialog';
import { AgentHost, HostTestResult, HostsApi, SshHost, TcpHost } from './hosts-api';
import { SshHostDialog, SshHostDialogData } from './ssh-host-dialog';
import { TcpHostDialog } from './tcp-host-dialog';

type TestState = { running: true } | { running: false; result: HostTestResult };

/** A list as loaded: rows, or why it could not be read. */
interface Loaded<T> {
  rows: T[] | null;
  error: string | null;
}

/** The hosts of all three sources: manage TCP and SSH endpoints, watch agent hosts, install the agent. */
@Component({
  selector: 'an-hosts-page',
  imports: [AgentInstall, DatePipe, DecimalPipe, NgTemplateOutlet, MatButtonModule, MatMenuModule, MatProgressBarModule, MatTableModule, StateChip],
  templateUrl: './hosts-page.html',
  styleUrl: './hosts-page.scss',
})
export class HostsPage {
  private readonly api = inject(HostsApi);
  private readonly dialog = inject(MatDialog);
  private readonly notifier = inject(Notifier);

  protected readonly isAdmin = inject(AuthStore).isAdmin;
  protected readonly now = clock();
  protected readonly tcp = signal<Loaded<TcpHost>>({ rows: null, error: null });
  protected readonly ssh = signal<Loaded<SshHost>>({ rows: null, error: null });
  protected readonly agents = signal<Loaded<AgentHost>>({ rows: null, error: null });
  protected readonly tests = signal<ReadonlyMap<string, TestState>>(new Map());

  protected readonly tcpColumns = ['name', 'url', 'tls', 'test', 'actions'];
  protected readonly sshColumns = ['name', 'address', 'auth', 'hostKey', 'test', 'actions'];
  protected readonly agentColumns = ['hostId', 'hostname', 'lastReport', 'state', 'containers', 'version', 'actions'];
  protected readonly formatAge = formatAge;

  constructor() {
    this.loadTcp();
    this.loadSsh();
    this.loadAgents();
    // Agent hosts change by themselves (reports arrive, hosts go stale).
    autoRefresh(() => this.loadAgents(), 10_000);
  }

  protected loadTcp(): void {
    this.api.tcpHosts().subscribe(this.into(this.tcp));
  }

  protected loadSsh(): void {
    this.api.sshHosts().subscribe(this.into(this.ssh));
  }

  protected loadAgents(): void {
    this.api.agentHosts().subscribe(this.into(this.agents));
  }

  protected testOf(key: string): TestState | null {
    return this.tests().get(key) ?? null;
  }

  protected tlsOf(host: TcpHost): string {
    if (!host.tls) return 'none (plain TCP)';
    const parts = [host.hasCa ? 'own CA' : 'system CAs', host.hasClientCert && 'client certificate'].filter(Boolean);
    return parts.join(' + ');
  }

  protected authOf(host: SshHost): string {
    const key = host.hasPrivateKey ? (host.hasPassphrase ? 'key + passphrase' : 'key') : null;
    return [key, host.hasPassword ? 'password' : null].filter(Boolean).join(', ') || 'none';
  }

  protected jumpName(host: SshHost): string | null {
    if (host.jumpHostId === null) return null;
    return this.ssh().rows?.find((h) => h.id === host.jumpHostId)?.name ?? `#${host.jumpHostId}`;
  }

  protected addTcp(): void {
    this.dialog.open<TcpHostDialog, null, TcpHost>(TcpHostDialog, { data: null }).afterClosed()
      .pipe(filter((host) => host !== undefined))
      .subscribe((host) => {
        this.upsert(this.tcp, host, (h) => h.id === host.id);
        this.notifier.success(`${host.name} added: test it to check the connection`);
      });
  }

  protected editTcp(host: TcpHost): void {
    this.dialog.open<TcpHostDialog, TcpHost, TcpHost>(TcpHostDialog, { data: host }).afterClosed()
      .pipe(filter((updated) => updated !== undefined))
      .subscribe((updated) => {
        this.upsert(this.tcp, updated, (h) => h.id === updated.id);
        this.notifier.success(`${updated.name} saved`);
      });
  }

  protected removeTcp(host: TcpHost): void {
    this.confirmRemove(host.name, () => this.api.removeTcp(host.id), () => this.drop(this.tcp, (h) => h.id !== host.id));
  }

  protected testTcp(host: TcpHost): void {
    this.runTest(`tcp:${host.id}`, this.api.testTcp(host.id), () => undefined);
  }

  protected addSsh(): void {
    this.openSshDialog({ host: null, hosts: this.ssh().rows ?? [] }, (host) =>
      this.notifier.success(
        host.hostKeyConfirmed ? `${host.name} added` : `${host.name} added: test it to see and confirm its host key`,
      ),
    );
  }

  protected editSsh(host: SshHost): void {
    this.openSshDialog({ host, hosts: this.ssh().rows ?? [] }, (updated) => this.notifier.success(`${updated.name} saved`));
  }

  protected removeSsh(host: SshHost): void {
    this.confirmRemove(host.name, () => this.api.removeSsh(host.id), () => this.drop(this.ssh, (h) => h.id !== host.id));
  }

  /** A test; when the host presents a key that is not pinned (or differs), the admin may pin it. */
  protected testSsh(host: SshHost): void {
    this.runTest(`ssh:${host.id}`, this.api.testSsh(host.id), (result) => {
      const presented = result.presentedFingerprint;
      const changed = result.fingerprintMatches === false;
      if (!presented || (host.hostKeyFingerprint !== null && !changed)) return;
      const data: HostKeyDialogData = {
        hostName: host.name,
        address: `${host.host}:${host.port}`,
        presented,
        pinned: changed ? host.hostKeyFingerprint : null,
      };
      this.dialog.open<HostKeyDialog, HostKeyDialogData, boolean>(HostKeyDialog, { data, width: '600px' }).afterClosed()
        .pipe(
          filter((trusted) => trusted === true),
          switchMap(() => this.api.updateSsh(host.id, { hostKeyFingerprint: presented })),
        )
        .subscribe({
          next: (updated) => {
            this.upsert(this.ssh, updated, (h) => h.id === updated.id);
            this.notifier.success(`Host key of ${updated.name} pinned`);
            this.testSsh(updated);
          },
          error: (error: unknown) => this.notifier.error(error),
        });
    });
  }

  protected forgetAgent(host: AgentHost): void {
    askConfirmation(this.dialog, {
      title: `Forget ${host.hostId}?`,
      message: `Its latest report is deleted. If the agent still runs there, its next report brings ${host.hostId} back: stop the agent first.`,
      confirm: 'Forget',
    })
      .pipe(filter(Boolean), switchMap(() => this.api.forgetAgent(host.hostId)))
      .subscribe({
        next: () => {
          this.drop(this.agents, (h) => h.hostId !== host.hostId);
          this.notifier.success(`${host.hostId} forgotten`);
        },
        error: (error: unknown) => this.notifier.error(error),
      });
  }

  private openSshDialog(data: SshHostDialogData, done: (host: SshHost) => void): void {
    this.dialog.open<SshHostDialog, SshHostDialogData, SshHost>(SshHostDialog, { data }).afterClosed()
      .pipe(filter((host) => host !== undefined))
      .subscribe((host) => {
        this.upsert(this.ssh, host, (h) => h.id === host.id);
        done(host);
      });
  }

  private runTest(key: string, call: Observable<HostTestResult>, after: (result: HostTestResult) => void): void {
    this.setTest(key, { running: true });
    call.subscribe({
      next: (result) => {
        this.setTest(key, { running: false, result });
        after(result);
      },
      error: (error: unknown) =>
        this.setTest(key, { running: false, result: { ok: false, message: apiErrorMessage(error) } }),
    });
  }

  private setTest(key: string, state: TestState): void {
    this.tests.update((tests) => new Map(tests).set(key, state));
  }

  private confirmRemove(name: string, call: () => Observable<void>, done: () => void): void {
    askConfirmation(this.dialog, {
      title: `Delete ${name}?`,
      message: `${name} and its stored credentials are deleted from ArchNest. Its containers are not touched.`,
      confirm: 'Delete',
    })
      .pipe(filter(Boolean), switchMap(call))
      .subscribe({
        next: () => {
          done();
          this.notifier.success(`${name} deleted`);
        },
        error: (error: unknown) => this.notifier.error(error),
      });
  }

  private into<T>(target: WritableSignal<Loaded<T>>) {
    return {
      next: (rows: T[]) => target.set({ rows, error: null }),
      error: (error: unknown) => target.update((current) => ({ rows: current.rows, error: apiErrorMessage(error) })),
    };
  }

  private upsert<T>(target: WritableSignal<Loaded<T>>, row: T, same: (r: T) => boolean): void {
    target.update(({ rows, error }) => {
      const list = rows ?? [];
      return { rows: list.some(same) ? list.map((r) => (same(r) ? row : r)) : [...list, row], error };
    });
  }

  private drop<T>(target: WritableSignal<Loaded<T>>, keep: (r: T) => boolean): void {
    target.update(({ rows, error }) => ({ rows: (rows ?? []).filter(keep), error }));
  }
}
