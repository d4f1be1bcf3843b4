import { ApiProperty } from '@nestjs/swagger';

/** One push-agent host as the hosts list shows it (no report parsing needed). */
export class AgentHostDto {
  @ApiProperty({ example: 'proxmox-vm-1' })
  hostId: string;

  @ApiProperty({ example: 'docker01' })
  hostname: string;

  @ApiProperty({ example: '1' })
  agentVersion: string;

  @ApiProperty({ description: "The agent's clock at collection time.", format: 'date-time' })
  reportedAt: string;

  @ApiProperty({ description: "The server's clock when the report arrived (staleness is computed from this).", format: 'date-time' })
  receivedAt: string;

  @ApiProperty({ example: 12 })
  containerCount: number;

  @ApiProperty({ description: 'No report for longer than ARCHNEST_AGENT_STALE_MS (default 90 s): the agent or its host may be down.' })
  stale: boolean;

  @ApiProperty({ description: 'reportedAt − receivedAt in milliseconds (negative: the agent clock is behind, or the report travelled long).', example: -420 })
  clockSkewMs: number;

  @ApiProperty({ description: 'True when |clockSkewMs| > 30 s: the agent host\'s clock is probably wrong (times shown in its containers are then off too).' })
  clockSkewWarning: boolean;
}
