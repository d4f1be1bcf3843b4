import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class FieldErrorDto {
  @ApiProperty({ example: 'containers.0.state' })
  path: string;

  @ApiProperty({ example: 'state must be one of: running, exited, paused, created, restarting, removing, dead' })
  message: string;
}

/** The one error shape of every endpoint. */
export class ErrorResponseDto {
  @ApiProperty({ example: 400 })
  statusCode: number;

  @ApiProperty({ example: 'Bad Request' })
  error: string;

  @ApiProperty({ example: 'Invalid request: username must be 3-64 characters' })
  message: string;

  @ApiPropertyOptional({ type: [FieldErrorDto], description: 'For 400: each failing field.' })
  fields?: FieldErrorDto[];
}
