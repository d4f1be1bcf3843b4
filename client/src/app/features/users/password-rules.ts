/** Mirrors the server's password rule so the form can say so before submitting. */
export const MIN_PASSWORD_LENGTH = 8;
