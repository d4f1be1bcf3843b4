/** Shapes of the server's auth API (`/api/auth/*`) and of the stored session. */

export type Role = 'admin' | 'member';

export interface SessionUser {
  id: number;
  username: string;
  role: Role;
}

/** Body of `POST /api/auth/login` on success. */
export interface LoginResponse {
  accessToken: string;
  /** Lifetime of the token in seconds. */
  expiresIn: number;
  user: SessionUser;
}

/** What the console keeps between page loads. */
export interface Session {
  token: string;
  /** Epoch milliseconds after which the token is worthless. */
  expiresAt: number;
  user: SessionUser;
}
