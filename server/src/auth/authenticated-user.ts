import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Role } from '../users/entities/user.entity';

/** What a verified access token resolves to; attached to the request by the JWT strategy. */
export interface AuthenticatedUser {
  id: number;
  username: string;
  role: Role;
}

export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthenticatedUser => {
  return ctx.switchToHttp().getRequest<{ user: AuthenticatedUser }>().user;
});
