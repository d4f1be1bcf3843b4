import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { IsHostAddress } from './is-host-address';

export const HOST_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9 ._-]{0,63}$/;
export const SSH_USERNAME_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9_.@-]{0,63}$/;
/** OpenSSH's `ssh-keygen -lf` form: SHA256, base64 without padding (43 characters). */
export const FINGERPRINT_PATTERN = /^SHA256:[A-Za-z0-9+/]{43}$/;
export const MAX_PRIVATE_KEY_LENGTH = 16384;

/** Registers a Docker host reached over SSH (admin). Give a private key, a password, or both. */
export class CreateDockerSshHostDto {
  /** A unique display name. */
  @IsString() @Matches(HOST_NAME_PATTERN, { message: 'name must be 1-64 letters, digits, spaces, ".", "_" or "-", starting with a letter or digit' })
  name: string;

  /** Host name or IP address of the SSH server. */
  @IsString() @IsHostAddress()
  host: string;

  /** SSH port. */
  @IsOptional() @IsInt() @Min(1) @Max(65535)
  port?: number;

  /** The login; it must be allowed to run `docker` (e.g. in the docker group). */
  @IsString() @Matches(SSH_USERNAME_PATTERN, { message: 'username must be 1-64 letters, digits, "_", ".", "@" or "-", not starting with "." "@" or "-"' })
  username: string;

  /** Private key in OpenSSH or PEM format (ed25519, ECDSA or RSA). Stored encrypted, never returned. */
  @IsOptional() @IsString() @MinLength(1) @MaxLength(MAX_PRIVATE_KEY_LENGTH)
  privateKey?: string;

  /** Passphrase of an encrypted private key. Stored encrypted, never returned. */
  @IsOptional() @IsString() @MinLength(1) @MaxLength(1024)
  passphrase?: string;

  /** Password login. Stored encrypted, never returned. */
  @IsOptional() @IsString() @MinLength(1) @MaxLength(1024)
  password?: string;

  /** Id of another registered SSH host to tunnel through (chains of up to 3 jump hosts). */
  @IsOptional() @IsInt() @Min(1) @Max(2_147_483_647)
  jumpHostId?: number;

  /**
   * The server's host key fingerprint as `ssh-keygen -lf` prints it. Leave it out to learn it
   * with POST …/test, then confirm it with PATCH: no command runs before it is pinned.
   */
  @ApiPropertyOptional({ example: 'SHA256:nkK+QAeOunFYkSx1kjeMBiS/0h7WuVeUuAYLaWvi5O4' })
  @IsOptional() @Matches(FINGERPRINT_PATTERN, { message: 'hostKeyFingerprint must look like SHA256: followed by 43 base64 characters (ssh-keygen -lf output)' })
  hostKeyFingerprint?: string;
}
