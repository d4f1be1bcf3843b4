import { ExecutionContext, ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { REQUIRES_ADMIN } from '../common/decorators/authenticated.decorator';
import { IS_PUBLIC } from '../common/decorators/public.decorator';
import type { AuthenticatedUser } from './authenticated-user';

/**
 * Global guard: every route needs a valid user token unless it is @Public();
 * @Authenticated({ admin: true }) routes also need the admin role.
 */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    await super.canActivate(context);
    const user = context.switchToHttp().getRequest<{ user: AuthenticatedUser }>().user;
    if (this.reflector.getAllAndOverride<boolean>(REQUIRES_ADMIN, targets) && user.role !== 'admin') {
      throw new ForbiddenException('This action needs the admin role');
    }
    return true;
  }

  override handleRequest<T>(error: unknown, user: T): T {
    if (error || !user) {
      throw error instanceof UnauthorizedException ? error : new UnauthorizedException('Log in first: a valid access token is required');
    }
    return user;
  }
}
