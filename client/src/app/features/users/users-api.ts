import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';

import { Role } from '../../core/auth/session';

/** A user as `/api/users` returns it. */
export interface UserRecord {
  id: number;
  username: string;
  role: Role;
  active: boolean;
  createdAt: string;
  lastLoginAt: string | null;
}

export interface NewUser {
  username: string;
  password: string;
  role: Role;
  active?: boolean;
}

export interface UserChanges {
  role?: Role;
  active?: boolean;
  password?: string;
}

/** User management calls (admin only on the server side too). */
@Injectable({ providedIn: 'root' })
export class UsersApi {
  private readonly http = inject(HttpClient);

  list(): Observable<UserRecord[]> {
    return this.http.get<UserRecord[]>('/api/users');
  }

  create(user: NewUser): Observable<UserRecord> {
    return this.http.post<UserRecord>('/api/users', user);
  }

  update(id: number, changes: UserChanges): Observable<UserRecord> {
    return this.http.patch<UserRecord>(`/api/users/${id}`, changes);
  }

  remove(id: number): Observable<void> {
    return this.http.delete<void>(`/api/users/${id}`);
  }
}
