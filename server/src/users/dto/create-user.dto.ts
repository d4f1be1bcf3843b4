import { IsBoolean, IsIn, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { ROLES, type Role } from '../entities/user.entity';

export const USERNAME_PATTERN = /^[A-Za-z0-9._-]{3,64}$/;

export class CreateUserDto {
  /** 3-64 letters, digits, dot, underscore or dash. */
  @IsString()
  @Matches(USERNAME_PATTERN, { message: 'username must be 3-64 letters, digits, dot, underscore or dash' })
  username: string;

  /** 8-256 characters. */
  @IsString()
  @MinLength(8)
  @MaxLength(256)
  password: string;

  @IsIn(ROLES)
  role: Role;

  @IsOptional()
  @IsBoolean()
  active?: boolean;
}
