import { LoginResponse, SessionUser } from '../app/core/auth/session';

export const ADMIN: SessionUser = { id: 1, username: 'admin', role: 'admin' };
export const MEMBER: SessionUser = { id: 2, username: 'mia', role: 'member' };

/** A login answer as the server sends it, valid for an hour. */
export function loginResponse(user: SessionUser = ADMIN, expiresIn = 3600): LoginResponse {
  return { accessToken: `token-of-${user.username}`, expiresIn, user };
}
