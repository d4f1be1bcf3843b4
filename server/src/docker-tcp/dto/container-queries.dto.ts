import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, Max, Min } from 'class-validator';

/** Query strings carry text: "true"/"false" (and 1/0) become booleans, anything else fails validation. */
const toBoolean = ({ value }: { value: unknown }) => (value === 'true' || value === '1' ? true : value === 'false' || value === '0' ? false : value);
/**
 * Decimal digits only, as the SSH source reads it: Number() also took '0x10', '1e3' and ' 5', so the
 * same request answered 200 here and 400 there (found by test/reliability/bad-input.e2e-spec.ts).
 */
const toInteger = ({ value }: { value: unknown }) => (typeof value === 'string' && /^-?\d{1,9}$/.test(value) ? Number(value) : value);

export class ContainerLogsQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 5000, default: 200, description: 'How many of the newest lines.' })
  @IsOptional() @Transform(toInteger) @IsInt() @Min(1) @Max(5000)
  tail: number = 200;

  @ApiPropertyOptional({ default: false, description: 'Prefix each line with the engine timestamp (RFC 3339, nanoseconds).' })
  @IsOptional() @Transform(toBoolean) @IsBoolean()
  timestamps: boolean = false;
}

export class RemoveContainerQueryDto {
  @ApiPropertyOptional({ default: false, description: 'Kill and remove a running container.' })
  @IsOptional() @Transform(toBoolean) @IsBoolean()
  force: boolean = false;
}
