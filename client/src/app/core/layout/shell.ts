import { BreakpointObserver } from '@angular/cdk/layout';
import { Component, computed, inject } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatListModule } from '@angular/material/list';
import { MatSidenavModule } from '@angular/material/sidenav';
import { MatToolbarModule } from '@angular/material/toolbar';
import { Router, RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { map } from 'rxjs';

import { AuthApi } from '../auth/auth-api';
import { AuthStore } from '../auth/auth-store';

/** Below this width the navigation becomes a drawer behind a menu button. */
const NARROW_QUERY = '(max-width: 839.98px)';

/** The frame around every logged-in page: toolbar, navigation, user menu. */
@Component({
  selector: 'an-shell',
  imports: [
    MatButtonModule,
    MatListModule,
    MatSidenavModule,
    MatToolbarModule,
    RouterLink,
    RouterLinkActive,
    RouterOutlet,
  ],
  templateUrl: './shell.html',
  styleUrl: './shell.scss',
})
export class Shell {
  private readonly store = inject(AuthStore);
  private readonly router = inject(Router);

  protected readonly user = this.store.user;
  protected readonly isAdmin = this.store.isAdmin;
  protected readonly narrow = toSignal(
    inject(BreakpointObserver)
      .observe(NARROW_QUERY)
      .pipe(map((state) => state.matches)),
    { initialValue: false },
  );
  protected readonly navMode = computed(() => (this.narrow() ? 'over' : 'side'));

  constructor() {
    // The stored session may predate a role change or a server-side
    // deactivation; a 401 here logs out through the interceptor.
    inject(AuthApi)
      .me()
      .subscribe({ next: (user) => this.store.updateUser(user), error: () => undefined });
  }

  protected logout(): void {
    this.store.clear();
    void this.router.navigate(['/login']);
  }
}
