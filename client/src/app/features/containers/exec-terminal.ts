import { DOCUMENT } from '@angular/common';
import { Component, DestroyRef, ElementRef, afterNextRender, inject, input, output, signal, viewChild } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import type { FitAddon } from '@xterm/addon-fit';
import type { Terminal } from '@xterm/xterm';

import { AuthStore } from '../../core/auth/auth-store';
import { API_PREFIX, HostRef } from './host-ref';

/** The server selects this subprotocol; the token rides next to it (browsers cannot set headers on a WebSocket). */
const EXEC_SUBPROTOCOL = 'archnest.exec.v1';
/** Built by angular.json as a separate, non-injected stylesheet: only this lazy component needs it. */
const XTERM_STYLESHEET = 'xterm.css';

type Status =
  | { kind: 'connecting' }
  | { kind: 'connected' }
  | { kind: 'exited'; code: number | null }
  | { kind: 'failed'; message: string };

/**
 * An interactive shell in a container (Docker API and SSH sources, admins only):
 * xterm.js over the server's exec WebSocket. xterm is imported here, lazily, so
 * its ~350 kB never weigh on the pages that do not open a terminal. The terminal
 * follows the size of its panel and tells the server about every change.
 */
@Component({
  selector: 'an-exec-terminal',
  imports: [MatButtonModule],
  template: `
    <div class="bar">
      <span class="status" role="status" data-testid="exec-status">{{ statusText() }}</span>
      <span class="spacer"></span>
      @if (status().kind === 'exited' || status().kind === 'failed') {
        <button matButton type="button" (click)="connect()">Reconnect</button>
      }
      <button matButton type="button" (click)="close()">Close terminal</button>
    </div>
    <div #screen class="screen" [attr.aria-label]="'Terminal in ' + name()" data-testid="exec-screen"></div>
  `,
  styles: `
    :host {
      display: block;
    }
    .bar {
      display: flex;
      align-items: center;
      gap: 8px;
      margin-bottom: 8px;
    }
    .spacer {
      flex: 1;
    }
    .status {
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
    }
    .screen {
      height: 360px;
      min-height: 160px;
      resize: vertical;
      overflow: hidden;
      padding: 4px;
      border-radius: 8px;
      background: #1e1e1e;
    }
  `,
})
export class ExecTerminal {
  private readonly document = inject(DOCUMENT);
  private readonly store = inject(AuthStore);
  private readonly screen = viewChild.required<ElementRef<HTMLElement>>('screen');

  readonly host = input.required<HostRef>();
  readonly containerId = input.required<string>();
  readonly name = input.required<string>();
  readonly closed = output<void>();

  protected readonly status = signal<Status>({ kind: 'connecting' });

  private terminal: Terminal | null = null;
  private fit: FitAddon | null = null;
  private socket: WebSocket | null = null;
  private resizeObserver: ResizeObserver | null = null;
  private destroyed = false;
  private readonly encoder = new TextEncoder();

  constructor() {
    afterNextRender(() => void this.start());
    inject(DestroyRef).onDestroy(() => {
      this.destroyed = true;
      this.resizeObserver?.disconnect();
      this.socket?.close();
      this.terminal?.dispose();
    });
  }

  protected statusText(): string {
    const status = this.status();
    switch (status.kind) {
      case 'connecting':
        return `Connecting to ${this.name()}…`;
      case 'connected':
        return `Connected: sh in ${this.name()}`;
      case 'exited':
        return `The shell exited${status.code === null ? '' : ` with code ${status.code}`}.`;
      case 'failed':
        return `No terminal: ${status.message}`;
    }
  }

  protected close(): void {
    this.socket?.close();
    this.closed.emit();
  }

  private async start(): Promise<void> {
    loadStylesheet(this.document);
    const [{ Terminal }, { FitAddon }] = await Promise.all([import('@xterm/xterm'), import('@xterm/addon-fit')]);
    if (this.destroyed) return;
    const terminal = new Terminal({
      cursorBlink: true,
      fontFamily: "ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace",
      fontSize: 13,
      scrollback: 5000,
    });
    const fit = new FitAddon();
    terminal.loadAddon(fit);
    terminal.open(this.screen().nativeElement);
    this.terminal = terminal;
    this.fit = fit;
    this.refit();
    terminal.onData((data) => this.send(this.encoder.encode(data)));
    terminal.onResize(({ cols, rows }) => this.send(JSON.stringify({ type: 'resize', cols, rows })));
    // The panel changes size with the window, the sidenav and the user's drag handle.
    this.resizeObserver = new ResizeObserver(() => this.refit());
    this.resizeObserver.observe(this.screen().nativeElement);
    this.connect();
    terminal.focus();
  }

  protected connect(): void {
    const terminal = this.terminal;
    if (!terminal) return;
    this.socket?.close();
    this.status.set({ kind: 'connecting' });
    const location = this.document.location;
    const query = new URLSearchParams({
      hostId: this.host().id,
      ref: this.containerId(),
      cmd: 'sh',
      cols: String(terminal.cols),
      rows: String(terminal.rows),
    });
    const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${API_PREFIX[this.host().source]}/exec?${query}`;
    const socket = new WebSocket(url, [EXEC_SUBPROTOCOL, `bearer.${this.store.token() ?? ''}`]);
    socket.binaryType = 'arraybuffer';
    this.socket = socket;
    let ended = false;

    socket.onmessage = (event: MessageEvent<ArrayBuffer | string>) => {
      if (typeof event.data !== 'string') {
        terminal.write(new Uint8Array(event.data));
        return;
      }
      const control = parseControl(event.data);
      if (!control) terminal.write(event.data);
      else if (control.type === 'ready') this.status.set({ kind: 'connected' });
      else if (control.type === 'exit') {
        ended = true;
        this.status.set({ kind: 'exited', code: typeof control.code === 'number' ? control.code : null });
      } else if (control.type === 'error') {
        ended = true;
        this.status.set({ kind: 'failed', message: String(control.message ?? 'the server refused') });
      }
    };
    socket.onclose = (event) => {
      if (this.socket !== socket || ended || this.destroyed) return;
      // Refused before the upgrade (401/403/400) or dropped: the browser tells no more than the code.
      this.status.set({
        kind: 'failed',
        message: event.code >= 4000 ? `the server closed it (HTTP ${event.code - 4000})` : 'the connection was refused or lost; check that you are an admin and the host is reachable',
      });
    };
  }

  private refit(): void {
    const element = this.screen().nativeElement;
    // A hidden tab has no size; fitting then would shrink the remote terminal to nothing.
    if (!this.fit || element.clientWidth === 0 || element.clientHeight === 0) return;
    this.fit.fit();
  }

  private send(data: Uint8Array<ArrayBuffer> | string): void {
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(data);
  }
}

function parseControl(text: string): { type?: unknown; code?: unknown; message?: unknown } | null {
  if (!text.startsWith('{')) return null;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && 'type' in value ? (value as { type: unknown }) : null;
  } catch {
    return null;
  }
}

function loadStylesheet(document: Document): void {
  if (document.querySelector(`link[data-an-style="xterm"]`)) return;
  const link = document.createElement('link');
  link.rel = 'stylesheet';
  link.href = XTERM_STYLESHEET;
  link.dataset['anStyle'] = 'xterm';
  document.head.appendChild(link);
}
