import { ApiProperty } from '@nestjs/swagger';

/** The answer to an accepted report. */
export class AgentReportReceiptDto {
  @ApiProperty({ example: 'proxmox-vm-1' })
  hostId: string;

  @ApiProperty({ example: 12 })
  containerCount: number;

  @ApiProperty({ description: "The server's clock when it stored the report (the source of truth for staleness).", format: 'date-time', example: '2026-06-20T19:30:01.250Z' })
  receivedAt: string;
}
