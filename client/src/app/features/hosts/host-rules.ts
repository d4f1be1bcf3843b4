/**
 * The server's own rules for host fields (server/src/docker-ssh/dto, docker-tcp/dto),
 * checked in the forms first so a typo is caught before a round trip. The server still decides.
 */
export const HOST_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9 ._-]{0,63}$/;
export const HOST_NAME_RULE = '1-64 letters, digits, spaces, ".", "_" or "-", starting with a letter or digit';
export const SSH_USERNAME_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9_.@-]{0,63}$/;
export const FINGERPRINT_PATTERN = /^SHA256:[A-Za-z0-9+/]{43}$/;
/** TCP host names are looser (docker-tcp's own rule): any letters, digits, spaces and ._:@()-. */
export const TCP_HOST_NAME_PATTERN = /^[\p{L}\p{N}][\p{L}\p{N} ._:@()-]{0,63}$/u;
export const TCP_HOST_NAME_RULE = '1-64 letters, digits, spaces or ._:@()-, starting with a letter or digit';
export const ENGINE_URL_PATTERN = /^(tcp|https):\/\/(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(:\d{1,5})?\/?$/;
export const MAX_PEM_LENGTH = 16384;
