import { ApiProperty } from '@nestjs/swagger';

/** A registered engine as the API shows it: never the TLS material, only whether it is set. */
export class DockerHostDto {
  @ApiProperty({ example: 1 })
  id: number;

  @ApiProperty({ example: 'build-server' })
  name: string;

  @ApiProperty({ example: 'https://10.0.0.5:2376' })
  url: string;

  @ApiProperty({ description: 'True for https:// engines (TLS).' })
  tls: boolean;

  @ApiProperty({ description: 'A custom CA is stored (otherwise the system CAs verify the engine).' })
  hasCa: boolean;

  @ApiProperty({ description: 'A client certificate and key are stored.' })
  hasClientCert: boolean;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt: string;
}

export class DockerHostTestResultDto {
  @ApiProperty({ description: 'Whether the engine answered.' })
  ok: boolean;

  @ApiProperty({ example: 'Docker 27.3.1 (API 1.47) answered in 12 ms', description: 'What happened, or why it failed.' })
  message: string;

  @ApiProperty({ nullable: true, example: '27.3.1', type: String })
  engineVersion: string | null;

  @ApiProperty({ nullable: true, example: '1.47', type: String })
  apiVersion: string | null;

  @ApiProperty({ nullable: true, example: 'linux', type: String })
  os: string | null;

  @ApiProperty({ nullable: true, example: 'amd64', type: String })
  arch: string | null;

  @ApiProperty({ example: 12 })
  durationMs: number;
}
