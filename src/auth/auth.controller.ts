import {
  Body,
  Controller,
  Header,
  HttpCode,
  HttpStatus,
  Post,
  UseGuards,
  UseInterceptors,
} from '@nestjs/common';
import {
  ApiBody,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ApiAuthenticated } from '../common/openapi/api-authenticated.decorator.js';
import { ApiErrors, JSON_BODY_ERRORS } from '../common/openapi/api-errors.decorator.js';
import type { UserDto } from '../users/dto/user.dto.js';
import type { AuthUser } from '../identity/auth-user.js';
import { AuthService } from './auth.service.js';
import { AuthCookies } from './cookies/auth-cookies.decorator.js';
import { AuthCookiesInterceptor } from './cookies/auth-cookies.interceptor.js';
import { ClientInfo } from '../identity/client-info.decorator.js';
import { CurrentUser } from '../identity/current-user.decorator.js';
import { Public } from '../identity/public.decorator.js';
import { PresentedRefreshToken } from './decorators/presented-refresh-token.decorator.js';
import { ChangePasswordDto } from './dto/change-password.dto.js';
import { LoginDto } from './dto/login.dto.js';
import { RefreshDto } from './dto/refresh.dto.js';
import { RegisterDto } from './dto/register.dto.js';
import { TokenResponseDto } from './dto/token-response.dto.js';
import { LocalAuthGuard } from './guards/local-auth.guard.js';
import { RefreshTokenGuard } from './guards/refresh-token.guard.js';
import { RegisterAttemptsGuard } from './guards/register-attempts.guard.js';

@ApiTags('auth')
@UseInterceptors(AuthCookiesInterceptor)
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @UseGuards(RegisterAttemptsGuard)
  @Post('register')
  @AuthCookies('set')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Creates an account and logs it in' })
  @ApiCreatedResponse({
    type: TokenResponseDto,
    description: 'The account is created and logged in: a token response, as from login',
  })
  @ApiErrors(
    ...JSON_BODY_ERRORS,
    'weak_password',
    'forbidden',
    'username_taken',
    'too_many_requests',
    'service_unavailable',
  )
  register(
    @Body() account: RegisterDto,
    @ClientInfo() client: ClientInfo,
  ): Promise<TokenResponseDto> {
    return this.auth.register(account, client);
  }

  @Public()
  @UseGuards(LocalAuthGuard)
  @Post('login')
  @AuthCookies('set')
  @HttpCode(HttpStatus.OK)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Logs in with username and password' })
  @ApiBody({ type: LoginDto })
  @ApiOkResponse({
    type: TokenResponseDto,
    description:
      'Logged in: send `access_token` as `Authorization: Bearer <token>`; ' +
      'exchange `refresh_token` at POST /api/auth/refresh before `expires_in` runs out',
  })
  @ApiErrors(
    ...JSON_BODY_ERRORS,
    'invalid_credentials',
    'account_disabled',
    'too_many_requests',
    'service_unavailable',
  )
  login(@CurrentUser() user: UserDto, @ClientInfo() client: ClientInfo): Promise<TokenResponseDto> {
    return this.auth.login(user, client);
  }

  @Public()
  @UseGuards(RefreshTokenGuard)
  @Post('refresh')
  @AuthCookies('set')
  @HttpCode(HttpStatus.OK)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Exchanges a refresh token for a new pair (the old one stops working)' })
  @ApiBody({ type: RefreshDto, required: false })
  @ApiOkResponse({
    type: TokenResponseDto,
    description: 'A new token pair; the refresh token that was sent stops working',
  })
  @ApiErrors(
    ...JSON_BODY_ERRORS,
    'token_invalid',
    'token_expired',
    'token_revoked',
    'refresh_token_reused',
    'account_disabled',
    'csrf_failed',
  )
  refresh(@PresentedRefreshToken() refreshToken: string): Promise<TokenResponseDto> {
    return this.auth.refresh(refreshToken);
  }

  @ApiAuthenticated()
  @Post('logout')
  @AuthCookies('clear')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: "Ends the caller's session" })
  @ApiNoContentResponse({ description: 'The session is ended; its tokens are refused from now on' })
  logout(@CurrentUser() caller: AuthUser): Promise<void> {
    return this.auth.logout(caller);
  }

  @ApiAuthenticated()
  @Post('logout-all')
  @AuthCookies('clear')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: "Ends all the caller's sessions" })
  @ApiNoContentResponse({ description: 'Every session of the caller is ended' })
  logoutAll(@CurrentUser() caller: AuthUser): Promise<void> {
    return this.auth.logoutAll(caller);
  }

  @ApiAuthenticated(
    'invalid_credentials',
    ...JSON_BODY_ERRORS,
    'weak_password',
    'too_many_requests',
    'service_unavailable',
  )
  @Post('change-password')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: "Changes the caller's password; their other sessions end" })
  @ApiNoContentResponse({ description: 'Changed; this session stays, the others are ended' })
  changePassword(
    @CurrentUser() caller: AuthUser,
    @Body() change: ChangePasswordDto,
    @ClientInfo() client: ClientInfo,
  ): Promise<void> {
    return this.auth.changePassword(caller, change, client);
  }
}
