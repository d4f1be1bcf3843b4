import { Injectable, UnauthorizedException } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { UsersService } from '../users/users.service';
import type { AuthenticatedUser } from './authenticated-user';
import { jwtSecret } from './jwt-secret';

interface AccessTokenPayload {
  sub: number;
  username: string;
}

@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    config: ConfigService,
    private readonly users: UsersService,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKey: jwtSecret(config),
      // Only HS256: refuses `alg: none` and algorithm-confusion tokens.
      algorithms: ['HS256'],
      ignoreExpiration: false,
    });
  }

  /** The role comes from the database, not the token, so a demotion or deactivation applies at once. */
  async validate(payload: AccessTokenPayload): Promise<AuthenticatedUser> {
    const user = typeof payload.sub === 'number' ? await this.users.findActive(payload.sub) : null;
    if (!user) throw new UnauthorizedException('This session is no longer valid; log in again');
    return { id: user.id, username: user.username, role: user.role };
  }
}
