import { Injectable, UnauthorizedException } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { JwtService } from '@nestjs/jwt';
import { setting } from '../config/app-config';
import { UsersService } from '../users/users.service';
import { LoginResponseDto } from './dto/login-response.dto';

@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersService,
    private readonly jwt: JwtService,
    private readonly config: ConfigService,
  ) {}

  async login(username: string, password: string): Promise<LoginResponseDto> {
    const user = await this.users.verifyCredentials(username, password);
    // One message for unknown user, wrong password and inactive user: no account probing.
    if (!user) throw new UnauthorizedException('Wrong username or password');
    const expiresIn = setting(this.config, 'ARCHNEST_JWT_EXPIRES_IN');
    const accessToken = await this.jwt.signAsync({ sub: user.id, username: user.username }, { expiresIn });
    return { accessToken, expiresIn, user: { id: user.id, username: user.username, role: user.role } };
  }
}
