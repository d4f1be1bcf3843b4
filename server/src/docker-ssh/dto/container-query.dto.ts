import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, Max, Min } from 'class-validator';
import { LOG_TAIL_MAX } from '../remote-command';

const toBoolean = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);
const toInteger = ({ value }: { value: unknown }) => (typeof value === 'string' && /^-?\d{1,9}$/.test(value) ? Number(value) : value);

export class LogsQueryDto {
  /** How many of the latest lines, 1-5000. */
  @IsOptional() @Transform(toInteger) @IsInt() @Min(1) @Max(LOG_TAIL_MAX)
  tail?: number;

  /** Prefix each line with the engine's RFC 3339 timestamp. */
  @IsOptional() @Transform(toBoolean) @IsBoolean()
  timestamps?: boolean;
}

export class RemoveQueryDto {
  /** Remove even when running (kills it first). */
  @IsOptional() @Transform(toBoolean) @IsBoolean()
  force?: boolean;
}
