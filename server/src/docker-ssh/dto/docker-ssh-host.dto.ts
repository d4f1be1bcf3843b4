import { ApiProperty } from '@nestjs/swagger';
import type { DockerSshHost } from '../entities/docker-ssh-host.entity';

/** A registered SSH host as the API shows it: credentials only as `has…` flags, never their values. */
export class DockerSshHostDto {
  @ApiProperty({ example: 1 })
  id: number;

  @ApiProperty({ enum: ['docker-ssh'], example: 'docker-ssh' })
  source: 'docker-ssh';

  @ApiProperty({ example: 'web-1' })
  name: string;

  @ApiProperty({ example: '10.0.0.5' })
  host: string;

  @ApiProperty({ example: 22 })
  port: number;

  @ApiProperty({ example: 'deploy' })
  username: string;

  @ApiProperty()
  hasPrivateKey: boolean;

  @ApiProperty()
  hasPassphrase: boolean;

  @ApiProperty()
  hasPassword: boolean;

  @ApiProperty({ type: Number, nullable: true })
  jumpHostId: number | null;

  @ApiProperty({ type: String, nullable: true, description: 'The pinned host key fingerprint; null until an admin confirms one.' })
  hostKeyFingerprint: string | null;

  @ApiProperty({ description: 'False until a fingerprint is pinned: no docker command runs before.' })
  hostKeyConfirmed: boolean;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: string;

  @ApiProperty({ type: String, format: 'date-time' })
  updatedAt: string;

  static from(host: DockerSshHost): DockerSshHostDto {
    return {
      id: host.id,
      source: 'docker-ssh',
      name: host.name,
      host: host.host,
      port: host.port,
      username: host.username,
      hasPrivateKey: host.privateKeyEnc !== null,
      hasPassphrase: host.passphraseEnc !== null,
      hasPassword: host.passwordEnc !== null,
      jumpHostId: host.jumpHostId,
      hostKeyFingerprint: host.hostKeyFingerprint,
      hostKeyConfirmed: host.hostKeyFingerprint !== null,
      createdAt: toIso(host.createdAt),
      updatedAt: toIso(host.updatedAt),
    };
  }
}

function toIso(value: Date | string): string {
  return (value instanceof Date ? value : new Date(value)).toISOString();
}
