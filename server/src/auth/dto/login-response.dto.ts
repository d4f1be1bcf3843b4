import { ApiProperty } from '@nestjs/swagger';
import { ROLES, type Role } from '../../users/entities/user.entity';

export class SessionUserDto {
  @ApiProperty({ example: 1 })
  id: number;

  @ApiProperty({ example: 'admin' })
  username: string;

  @ApiProperty({ enum: ROLES })
  role: Role;
}

export class LoginResponseDto {
  @ApiProperty({ description: 'HS256 JWT; send as `Authorization: Bearer <token>`.' })
  accessToken: string;

  @ApiProperty({ description: 'Seconds until the token expires.', example: 43200 })
  expiresIn: number;

  @ApiProperty({ type: SessionUserDto })
  user: SessionUserDto;
}
