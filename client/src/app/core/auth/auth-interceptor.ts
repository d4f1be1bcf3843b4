import { HttpErrorResponse, HttpInterceptorFn } from '@angular/common/http';
import { inject } from '@angular/core';
import { catchError, throwError } from 'rxjs';

import { AuthStore } from './auth-store';

const LOGIN_URL = '/api/auth/login';

/**
 * Adds the bearer token to calls of our own API and ends the session when the
 * server answers 401 (token expired, user deactivated, secret rotated).
 * Only same-origin `/api/` URLs get the token, so it never leaks elsewhere.
 */
export const authInterceptor: HttpInterceptorFn = (req, next) => {
  if (!req.url.startsWith('/api/')) return next(req);
  const store = inject(AuthStore);
  const token = store.token();
  const outgoing = token ? req.clone({ setHeaders: { Authorization: `Bearer ${token}` } }) : req;
  return next(outgoing).pipe(
    catchError((error: unknown) => {
      // A 401 on the login call means wrong credentials; the login page shows it.
      if (error instanceof HttpErrorResponse && error.status === 401 && req.url !== LOGIN_URL) {
        store.expire();
      }
      return throwError(() => error);
    }),
  );
};
