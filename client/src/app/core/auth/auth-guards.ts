import { inject } from '@angular/core';
import { CanActivateFn, Router, UrlTree } from '@angular/router';

import { AuthStore } from './auth-store';

/** Lets logged-in users through; everyone else goes to the login page. */
export const authGuard: CanActivateFn = (_route, state) =>
  inject(AuthStore).isLoggedIn() || loginRedirect(inject(Router), state.url);

/** Admin-only pages: members are sent back to the containers page. */
export const adminGuard: CanActivateFn = (_route, state) => {
  const store = inject(AuthStore);
  const router = inject(Router);
  if (!store.isLoggedIn()) return loginRedirect(router, state.url);
  return store.isAdmin() || router.createUrlTree(['/containers']);
};

/** The login page is pointless with a live session. */
export const guestGuard: CanActivateFn = () =>
  !inject(AuthStore).isLoggedIn() || inject(Router).createUrlTree(['/containers']);

function loginRedirect(router: Router, returnUrl: string): UrlTree {
  return router.createUrlTree(['/login'], { queryParams: { returnUrl } });
}
