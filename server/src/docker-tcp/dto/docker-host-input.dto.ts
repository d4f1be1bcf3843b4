import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { ENGINE_URL_MAX_LENGTH } from '../engine-url';
import { PEM_LIMITS, PEM_SHAPE } from '../tls-material';
import { IsEngineUrl } from './is-engine-url';

const NAME = /^[\p{L}\p{N}][\p{L}\p{N} ._:@()-]*$/u;
const NAME_MESSAGE = 'name must be 1-64 letters, digits, spaces or ._:@()- and start with a letter or digit';
const pem = (field: string) => `${field} must be PEM text (-----BEGIN ...----- / -----END ...-----)`;

export class CreateDockerHostDto {
  @ApiProperty({ example: 'build-server', maxLength: 64 })
  @IsString() @MinLength(1) @MaxLength(64) @Matches(NAME, { message: NAME_MESSAGE })
  name: string;

  @ApiProperty({ example: 'https://10.0.0.5:2376', description: 'tcp://host:port (plain HTTP) or https://host:port (TLS). Port defaults to 2375/2376.', maxLength: ENGINE_URL_MAX_LENGTH })
  @IsString() @IsEngineUrl()
  url: string;

  @ApiPropertyOptional({ description: 'PEM CA certificate(s) that signed the engine certificate (https:// only).', maxLength: PEM_LIMITS.ca })
  @IsOptional() @IsString() @MaxLength(PEM_LIMITS.ca) @Matches(PEM_SHAPE, { message: pem('ca') })
  ca?: string;

  @ApiPropertyOptional({ description: 'PEM client certificate (https:// only, with key).', maxLength: PEM_LIMITS.cert })
  @IsOptional() @IsString() @MaxLength(PEM_LIMITS.cert) @Matches(PEM_SHAPE, { message: pem('cert') })
  cert?: string;

  @ApiPropertyOptional({ description: 'PEM private key of the client certificate, unencrypted. Stored encrypted, never returned.', maxLength: PEM_LIMITS.key })
  @IsOptional() @IsString() @MaxLength(PEM_LIMITS.key) @Matches(PEM_SHAPE, { message: pem('key') })
  key?: string;
}

/** Only the fields sent change; `null` removes a stored CA, certificate or key. */
export class UpdateDockerHostDto {
  @ApiPropertyOptional({ maxLength: 64 })
  @IsOptional() @IsString() @MinLength(1) @MaxLength(64) @Matches(NAME, { message: NAME_MESSAGE })
  name?: string;

  @ApiPropertyOptional({ example: 'tcp://10.0.0.5:2375' })
  @IsOptional() @IsString() @IsEngineUrl()
  url?: string;

  @ApiPropertyOptional({ nullable: true, type: String, description: 'New PEM CA, or null to remove it.' })
  @ValidateIf((_, v) => v !== null && v !== undefined) @IsString() @MaxLength(PEM_LIMITS.ca) @Matches(PEM_SHAPE, { message: pem('ca') })
  ca?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String, description: 'New PEM client certificate, or null to remove it (with key).' })
  @ValidateIf((_, v) => v !== null && v !== undefined) @IsString() @MaxLength(PEM_LIMITS.cert) @Matches(PEM_SHAPE, { message: pem('cert') })
  cert?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String, description: 'New PEM private key, or null to remove it (with cert).' })
  @ValidateIf((_, v) => v !== null && v !== undefined) @IsString() @MaxLength(PEM_LIMITS.key) @Matches(PEM_SHAPE, { message: pem('key') })
  key?: string | null;
}
