import { Body, Controller, Get, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiTags, ApiTooManyRequestsResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import { Authenticated } from '../common/decorators/authenticated.decorator';
import { Public } from '../common/decorators/public.decorator';
import { ErrorResponseDto } from '../common/dto/error-response.dto';
import { AuthService } from './auth.service';
import { CurrentUser, type AuthenticatedUser } from './authenticated-user';
import { LoginResponseDto, SessionUserDto } from './dto/login-response.dto';
import { LoginDto } from './dto/login.dto';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  /** Exchanges a username and password for an access token. Rate limited per client address. */
  @Public()
  @Post('login')
  @HttpCode(200)
  @UseGuards(ThrottlerGuard)
  @ApiUnauthorizedResponse({ description: 'Wrong username or password, or the user is inactive.', type: ErrorResponseDto })
  @ApiTooManyRequestsResponse({ description: 'Too many attempts; wait a minute.', type: ErrorResponseDto })
  login(@Body() dto: LoginDto): Promise<LoginResponseDto> {
    return this.auth.login(dto.username, dto.password);
  }

  /** The logged-in user. */
  @Authenticated()
  @Get('me')
  me(@CurrentUser() user: AuthenticatedUser): SessionUserDto {
    return user;
  }
}
