import { ApiProperty } from '@nestjs/swagger';
import { ROLES, type Role, type User } from '../entities/user.entity';

/** A user as the API shows it: no password material, ever. */
export class UserResponseDto {
  @ApiProperty({ example: 1 })
  id: number;

  @ApiProperty({ example: 'alice' })
  username: string;

  @ApiProperty({ enum: ROLES, example: 'member' })
  role: Role;

  @ApiProperty({ example: true })
  active: boolean;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  lastLoginAt: string | null;

  static from(user: User): UserResponseDto {
    return {
      id: user.id,
      username: user.username,
      role: user.role,
      active: user.active,
      createdAt: toIso(user.createdAt),
      lastLoginAt: user.lastLoginAt ? toIso(user.lastLoginAt) : null,
    };
  }
}

function toIso(value: Date | string): string {
  return (value instanceof Date ? value : new Date(value)).toISOString();
}
