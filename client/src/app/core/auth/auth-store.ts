import { Injectable, computed, inject, signal } from '@angular/core';
import { Router } from '@angular/router';

import { LoginResponse, Session, SessionUser } from './session';

export const SESSION_STORAGE_KEY = 'archnest.session';

// setTimeout treats longer delays as 0 and would fire at once.
const MAX_TIMER_MS = 2_147_483_647;

/**
 * The logged-in user and their token. The session survives reloads in
 * localStorage together with its expiry, and an expired session counts as
 * logged out, whether it expired while the tab was open or closed.
 */
@Injectable({ providedIn: 'root' })
export class AuthStore {
  private readonly router = inject(Router);
  private readonly session = signal<Session | null>(readStoredSession());
  private expiryTimer: ReturnType<typeof setTimeout> | undefined;

  readonly user = computed(() => this.session()?.user ?? null);
  readonly isAdmin = computed(() => this.user()?.role === 'admin');

  constructor() {
    this.scheduleExpiry();
  }

  /** The bearer token, or null when logged out or the token has expired. */
  token(): string | null {
    const session = this.session();
    if (!session) return null;
    if (session.expiresAt <= Date.now()) {
      this.clear();
      return null;
    }
    return session.token;
  }

  isLoggedIn(): boolean {
    return this.token() !== null;
  }

  /** Starts a session from a successful login answer. */
  start(login: LoginResponse): void {
    const session: Session = {
      token: login.accessToken,
      expiresAt: Date.now() + login.expiresIn * 1000,
      user: login.user,
    };
    localStorage.setItem(SESSION_STORAGE_KEY, JSON.stringify(session));
    this.session.set(session);
    this.scheduleExpiry();
  }

  /** Keeps the shown name and role in step with the server (`/api/auth/me`). */
  updateUser(user: SessionUser): void {
    const session = this.session();
    if (!session) return;
    const updated = { ...session, user };
    localStorage.setItem(SESSION_STORAGE_KEY, JSON.stringify(updated));
    this.session.set(updated);
  }

  /** Forgets the session (log out). */
  clear(): void {
    clearTimeout(this.expiryTimer);
    localStorage.removeItem(SESSION_STORAGE_KEY);
    this.session.set(null);
  }

  /**
   * Ends a session the server no longer accepts (401 or expiry) and sends the
   * user to the login page, which brings them back here afterwards.
   */
  expire(): void {
    this.clear();
    const current = this.router.url;
    if (current.startsWith('/login')) return;
    void this.router.navigate(['/login'], { queryParams: { returnUrl: current } });
  }

  private scheduleExpiry(): void {
    clearTimeout(this.expiryTimer);
    const session = this.session();
    if (!session) return;
    const delay = Math.min(Math.max(session.expiresAt - Date.now(), 0), MAX_TIMER_MS);
    this.expiryTimer = setTimeout(() => {
      if (this.session() === session && session.expiresAt <= Date.now()) this.expire();
      else this.scheduleExpiry();
    }, delay);
  }
}

function readStoredSession(): Session | null {
  try {
    const raw = localStorage.getItem(SESSION_STORAGE_KEY);
    if (!raw) return null;
    const session = JSON.parse(raw) as Partial<Session> | null;
    const valid =
      typeof session?.token === 'string' &&
      typeof session.expiresAt === 'number' &&
      session.expiresAt > Date.now() &&
      typeof session.user?.username === 'string';
    if (valid) return session as Session;
  } catch {
    // Unreadable storage (disabled, corrupt JSON): start logged out.
  }
  localStorage.removeItem(SESSION_STORAGE_KEY);
  return null;
}
