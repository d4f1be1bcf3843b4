import { ApiProperty, ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { ContainerDto } from './container.dto';

/**
 * One row of a host's container table, the same for every source. `stats` carries only
 * what the source has cheaply (the agent's last report; null where a live read would cost
 * a stats round trip per container).
 */
export class ContainerSummaryDto extends PickType(ContainerDto, [
  'id', 'name', 'image', 'imageId', 'state', 'status', 'health', 'createdAt', 'startedAt', 'ports', 'labels', 'stats',
] as const) {}

/** Which source a host belongs to; the console groups its host selector by this. */
export const CONTAINER_SOURCES = ['docker-tcp', 'docker-ssh', 'agent'] as const;
export type ContainerSource = (typeof CONTAINER_SOURCES)[number];

export class ContainerActionResultDto {
  @ApiProperty({ example: 'restart' })
  action: string;

  @ApiProperty({ description: 'Full container id.' })
  id: string;

  @ApiProperty({ description: 'State after the action, read back from the engine.', example: 'running' })
  state: string;

  @ApiPropertyOptional({ description: 'Set when the action changed nothing (e.g. starting a running container).' })
  note?: string;
}

export class ContainerLogsDto {
  @ApiProperty({ description: 'Full container id.' })
  id: string;

  @ApiProperty({ description: 'Demultiplexed log lines, oldest first (stdout and stderr interleaved as the engine stored them).', type: [String] })
  lines: string[];

  @ApiProperty({ example: 200 })
  tail: number;
}
