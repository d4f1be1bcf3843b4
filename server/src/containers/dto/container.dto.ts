import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsISO8601, IsNumber, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateNested,
} from 'class-validator';
import { IsStringMap } from './is-string-map';

/**
 * The one container shape of all three sources (SPEC §3's report container object).
 * It is both the agent's validated input and every source's detail response, so the console
 * and API users never care where a container came from. A source leaves out what it does not know.
 * Bounds keep a hostile or broken agent from exhausting memory or disk.
 */
export const CONTAINER_STATES = ['running', 'exited', 'paused', 'created', 'restarting', 'removing', 'dead'] as const;
export type ContainerState = (typeof CONTAINER_STATES)[number];
export const HEALTH_STATES = ['healthy', 'unhealthy', 'starting', 'none'] as const;
export type HealthState = (typeof HEALTH_STATES)[number];
export const PORT_PROTOCOLS = ['tcp', 'udp', 'sctp'] as const;

const finite = { allowNaN: false, allowInfinity: false };
const MAX_BYTES = Number.MAX_SAFE_INTEGER;

export class PortDto {
  @ApiPropertyOptional({ nullable: true, example: '0.0.0.0' }) @IsOptional() @IsString() @MaxLength(64)
  hostIp?: string | null;

  @ApiPropertyOptional({ nullable: true, example: 8080, minimum: 0, maximum: 65535 }) @IsOptional() @IsInt() @Min(0) @Max(65535)
  hostPort?: number | null;

  @ApiProperty({ example: 80, minimum: 0, maximum: 65535 }) @IsInt() @Min(0) @Max(65535)
  containerPort: number;

  @ApiProperty({ enum: PORT_PROTOCOLS, example: 'tcp' }) @IsIn(PORT_PROTOCOLS)
  proto: (typeof PORT_PROTOCOLS)[number];
}

export class NetworkDto {
  @ApiProperty({ example: 'bridge' }) @IsString() @MaxLength(256)
  name: string;

  @ApiPropertyOptional({ nullable: true, example: '172.17.0.2' }) @IsOptional() @IsString() @MaxLength(64)
  ip?: string | null;
}

export class MountDto {
  @ApiProperty({ example: 'volume' }) @IsString() @MaxLength(32)
  type: string;

  @ApiPropertyOptional({ nullable: true, example: 'myapp_data' }) @IsOptional() @IsString() @MaxLength(4096)
  source?: string | null;

  @ApiProperty({ example: '/data' }) @IsString() @MaxLength(4096)
  destination: string;

  @ApiProperty({ example: true }) @IsBoolean()
  rw: boolean;
}

export class EnvVarDto {
  @ApiProperty({ example: 'NODE_ENV' }) @IsString() @MaxLength(1024)
  key: string;

  @ApiPropertyOptional({ nullable: true, example: 'production', description: 'Masked to ******** when the key looks secret.' })
  @IsOptional() @IsString() @MaxLength(32768)
  value?: string | null;
}

export class ContainerStatsDto {
  @ApiPropertyOptional({ nullable: true, example: 1.4, description: 'Percent of one CPU (may exceed 100 on several cores).' })
  @IsOptional() @IsNumber(finite) @Min(0) @Max(1_000_000)
  cpuPercent?: number | null;

  @ApiPropertyOptional({ nullable: true, example: 20971520 }) @IsOptional() @IsNumber(finite) @Min(0) @Max(MAX_BYTES)
  memUsage?: number | null;

  @ApiPropertyOptional({ nullable: true, example: 536870912 }) @IsOptional() @IsNumber(finite) @Min(0) @Max(MAX_BYTES)
  memLimit?: number | null;

  @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsNumber(finite) @Min(0) @Max(MAX_BYTES)
  netRxBytes?: number | null;

  @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsNumber(finite) @Min(0) @Max(MAX_BYTES)
  netTxBytes?: number | null;

  @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsNumber(finite) @Min(0) @Max(MAX_BYTES)
  blockReadBytes?: number | null;

  @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsNumber(finite) @Min(0) @Max(MAX_BYTES)
  blockWriteBytes?: number | null;
}

export class ContainerDto {
  @ApiProperty({ description: 'Full 64-hex container id.', example: 'f1c2…' }) @Matches(/^[0-9a-f]{64}$/, { message: 'id must be the full 64-character hex container id' })
  id: string;

  @ApiProperty({ example: 'myapp' }) @IsString() @MaxLength(256)
  name: string;

  @ApiProperty({ example: 'nginx:1.27' }) @IsString() @MaxLength(1024)
  image: string;

  @ApiPropertyOptional({ nullable: true, example: 'sha256:…' }) @IsOptional() @IsString() @MaxLength(256)
  imageId?: string | null;

  @ApiProperty({ enum: CONTAINER_STATES }) @IsIn(CONTAINER_STATES)
  state: ContainerState;

  @ApiPropertyOptional({ nullable: true, example: 'Up 3 hours' }) @IsOptional() @IsString() @MaxLength(256)
  status?: string | null;

  @ApiPropertyOptional({ nullable: true, format: 'date-time' }) @IsOptional() @IsISO8601()
  createdAt?: string | null;

  @ApiPropertyOptional({ nullable: true, format: 'date-time' }) @IsOptional() @IsISO8601()
  startedAt?: string | null;

  @ApiPropertyOptional({ nullable: true, format: 'date-time' }) @IsOptional() @IsISO8601()
  finishedAt?: string | null;

  @ApiPropertyOptional({ nullable: true, example: 0 }) @IsOptional() @IsInt() @Min(0) @Max(2_147_483_647)
  exitCode?: number | null;

  @ApiPropertyOptional({ nullable: true, example: 0 }) @IsOptional() @IsInt() @Min(0) @Max(2_147_483_647)
  restartCount?: number | null;

  @ApiPropertyOptional({ nullable: true, example: 'unless-stopped' }) @IsOptional() @IsString() @MaxLength(64)
  restartPolicy?: string | null;

  @ApiPropertyOptional({ enum: HEALTH_STATES, nullable: true }) @IsOptional() @IsIn(HEALTH_STATES)
  health?: HealthState | null;

  @ApiPropertyOptional({ type: [PortDto] }) @IsOptional() @IsArray() @ArrayMaxSize(1000) @ValidateNested({ each: true }) @Type(() => PortDto)
  ports?: PortDto[];

  @ApiPropertyOptional({ type: [NetworkDto] }) @IsOptional() @IsArray() @ArrayMaxSize(100) @ValidateNested({ each: true }) @Type(() => NetworkDto)
  networks?: NetworkDto[];

  @ApiPropertyOptional({ type: [MountDto] }) @IsOptional() @IsArray() @ArrayMaxSize(500) @ValidateNested({ each: true }) @Type(() => MountDto)
  mounts?: MountDto[];

  @ApiPropertyOptional({ type: [EnvVarDto] }) @IsOptional() @IsArray() @ArrayMaxSize(1000) @ValidateNested({ each: true }) @Type(() => EnvVarDto)
  env?: EnvVarDto[];

  @ApiPropertyOptional({ nullable: true, example: "nginx -g 'daemon off;'" }) @IsOptional() @IsString() @MaxLength(32768)
  command?: string | null;

  @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsString() @MaxLength(32768)
  entrypoint?: string | null;

  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'string' }, example: { 'com.docker.compose.project': 'myapp' } })
  @IsOptional() @IsStringMap({ maxEntries: 500, maxKeyLength: 512, maxValueLength: 8192 })
  labels?: Record<string, string>;

  @ApiPropertyOptional({ type: ContainerStatsDto, nullable: true }) @IsOptional() @ValidateNested() @Type(() => ContainerStatsDto)
  stats?: ContainerStatsDto | null;
}
