/**
 * The server's rules for usernames and passwords (server/src/users/dto), so
 * the forms can say so before submitting. The server still decides.
 */
export const MIN_PASSWORD_LENGTH = 8;
export const MAX_PASSWORD_LENGTH = 256;
export const USERNAME_PATTERN = /^[A-Za-z0-9._-]{3,64}$/;
