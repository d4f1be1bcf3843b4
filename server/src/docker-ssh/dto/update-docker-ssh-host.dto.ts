import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength, ValidateIf } from 'class-validator';
import { FINGERPRINT_PATTERN, HOST_NAME_PATTERN, MAX_PRIVATE_KEY_LENGTH, SSH_USERNAME_PATTERN } from './create-docker-ssh-host.dto';
import { IsHostAddress } from './is-host-address';

const present = (_: object, value: unknown) => value !== undefined;

/**
 * Changes a host (admin). Omitted fields stay as they are; `null` clears a credential, the jump
 * host or the pinned fingerprint. Changing host or port forgets the pinned fingerprint unless
 * the same request pins one: the old key belonged to another server.
 */
export class UpdateDockerSshHostDto {
  @ValidateIf(present) @IsString() @Matches(HOST_NAME_PATTERN, { message: 'name must be 1-64 letters, digits, spaces, ".", "_" or "-", starting with a letter or digit' })
  name?: string;

  @ValidateIf(present) @IsString() @IsHostAddress()
  host?: string;

  @ValidateIf(present) @IsInt() @Min(1) @Max(65535)
  port?: number;

  @ValidateIf(present) @IsString() @Matches(SSH_USERNAME_PATTERN, { message: 'username must be 1-64 letters, digits, "_", ".", "@" or "-", not starting with "." "@" or "-"' })
  username?: string;

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional() @IsString() @MinLength(1) @MaxLength(MAX_PRIVATE_KEY_LENGTH)
  privateKey?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional() @IsString() @MinLength(1) @MaxLength(1024)
  passphrase?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional() @IsString() @MinLength(1) @MaxLength(1024)
  password?: string | null;

  @ApiPropertyOptional({ nullable: true, type: Number })
  @IsOptional() @IsInt() @Min(1) @Max(2_147_483_647)
  jumpHostId?: number | null;

  /** Pins (confirms) the host key fingerprint a test presented; null forgets it. */
  @ApiPropertyOptional({ nullable: true, type: String, example: 'SHA256:nkK+QAeOunFYkSx1kjeMBiS/0h7WuVeUuAYLaWvi5O4' })
  @IsOptional() @Matches(FINGERPRINT_PATTERN, { message: 'hostKeyFingerprint must look like SHA256: followed by 43 base64 characters (ssh-keygen -lf output)' })
  hostKeyFingerprint?: string | null;
}
