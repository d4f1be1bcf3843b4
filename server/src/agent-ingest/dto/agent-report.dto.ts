import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsISO8601, IsString, Matches, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { ContainerDto } from '../../containers/dto/container.dto';

/** SPEC §3: the operator's stable name for a host; also safe in URLs and file names. */
export const HOST_ID_PATTERN = /^[A-Za-z0-9._-]{1,128}$/;
export const HOST_ID_RULE = 'hostId must be 1-128 characters of A-Z a-z 0-9 . _ -';
export const MAX_CONTAINERS_PER_REPORT = 1000;
/**
 * A full date and time with a zone (RFC 3339), so the server can always compare it with its own
 * clock; years 1970-2999, so every database stores it (a clock outside that range is broken anyway).
 */
const DATE_TIME = /^(19[7-9]\d|2\d{3})-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

/**
 * The push agent's report (SPEC §3). This class is the one description of the schema:
 * Swagger documents it and the ingest route validates with a JSON schema derived from
 * these same decorators (see report-schema.ts), never a hand-written copy.
 */
export class AgentReportDto {
  @ApiProperty({ description: 'Stable host name chosen by the operator; the upsert key.', example: 'proxmox-vm-1', pattern: HOST_ID_PATTERN.source })
  @Matches(HOST_ID_PATTERN, { message: HOST_ID_RULE })
  hostId: string;

  @ApiProperty({ description: 'Informational: the machine name the agent saw.', example: 'docker01', minLength: 1, maxLength: 255 })
  @IsString() @MinLength(1) @MaxLength(255)
  hostname: string;

  @ApiProperty({ description: 'Agent protocol version.', example: '1', minLength: 1, maxLength: 32 })
  @IsString() @MinLength(1) @MaxLength(32)
  agentVersion: string;

  @ApiProperty({ description: "The agent's clock when it collected the report (RFC 3339 with a zone).", example: '2026-06-20T19:30:00Z', format: 'date-time' })
  @Matches(DATE_TIME, { message: 'reportedAt must be an ISO 8601 date and time with a zone (years 1970-2999), e.g. 2026-06-20T19:30:00Z' })
  @IsISO8601({ strict: true }, { message: 'reportedAt must be a real calendar date and time' })
  reportedAt: string;

  @ApiProperty({ type: [ContainerDto], maxItems: MAX_CONTAINERS_PER_REPORT, description: 'Every container of the host, in any state; an empty list is a valid report.' })
  @IsArray() @ArrayMaxSize(MAX_CONTAINERS_PER_REPORT) @ValidateNested({ each: true }) @Type(() => ContainerDto)
  containers: ContainerDto[];
}

/**
 * A validated report as the code sees it. Deliberately an interface, not the class: a handler
 * parameter typed with the class would make the global ValidationPipe run class-transformer +
 * class-validator (~5 ms per 50-container report) after the compiled schema already checked it.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface AgentReport extends AgentReportDto {}
