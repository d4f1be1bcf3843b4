import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';

import { LoginResponse, SessionUser } from './session';

/** Calls to `/api/auth`. */
@Injectable({ providedIn: 'root' })
export class AuthApi {
  private readonly http = inject(HttpClient);

  login(username: string, password: string): Observable<LoginResponse> {
    return this.http.post<LoginResponse>('/api/auth/login', { username, password });
  }

  me(): Observable<SessionUser> {
    return this.http.get<SessionUser>('/api/auth/me');
  }
}
