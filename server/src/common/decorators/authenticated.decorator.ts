import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { ErrorResponseDto } from '../dto/error-response.dto';

export const REQUIRES_ADMIN = 'archnest:requiresAdmin';
export const USER_JWT_SCHEME = 'user-jwt';
export const AGENT_TOKEN_SCHEME = 'agent-token';

/**
 * Marks who may call a route and documents it in one place, so the OpenAPI document
 * cannot drift from what the guard enforces. Every route needs a user unless @Public().
 */
export function Authenticated(options: { admin?: boolean } = {}) {
  const decorators = [
    SetMetadata(REQUIRES_ADMIN, options.admin === true),
    ApiBearerAuth(USER_JWT_SCHEME),
    ApiUnauthorizedResponse({ description: 'No valid access token.', type: ErrorResponseDto }),
  ];
  if (options.admin) {
    decorators.push(ApiForbiddenResponse({ description: 'The user is not an admin.', type: ErrorResponseDto }));
  }
  return applyDecorators(...decorators);
}
