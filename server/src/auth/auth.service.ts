import { Injectable, UnauthorizedException } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { JwtService } from '@nestjs/jwt';
import { setting } from '../config/app-config';
import { UsersService } from '../users/users.service';
import type { AuthenticatedUser } from './authenticated-user';
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

  /**
   * The user an access-token payload names, if still active. The role comes from the database,
   * not the token, so a demotion or deactivation applies at once — for the HTTP guard (via the
   * JWT strategy) and for WebSocket upgrades alike.
   */
  async userFor(payload: { sub?: unknown }): Promise<AuthenticatedUser | null> {
    const user = typeof payload.sub === 'number' ? await this.users.findActive(payload.sub) : null;
    return user ? { id: user.id, username: user.username, role: user.role } : null;
  }

  /** Verifies an access token (HS256 only, `exp` enforced) and resolves its user; null when either fails. */
  async authenticate(token: string): Promise<AuthenticatedUser | null> {
    let payload: { sub?: unknown };
    try {
      payload = await this.jwt.verifyAsync<{ sub?: unknown }>(token, { algorithms: ['HS256'] });
    } catch {
      return null;
    }
    return this.userFor(payload);
  }
}
