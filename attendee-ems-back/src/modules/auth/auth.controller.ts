import { Body, Controller, Get, HttpCode, HttpStatus, Inject, Patch, Post, Req, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { AuthContext } from '../../common/auth/auth-context.js';
import { CurrentAuth } from '../../common/auth/auth.decorators.js';
import { Public } from '../../common/auth/public.decorator.js';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/app-config.js';
import {
  ChangePasswordDto,
  ForgotPasswordDto,
  LoginDto,
  LoginResponseDto,
  MeResponseDto,
  ResetPasswordDto,
  SwitchOrgDto,
  UpdateMeDto,
} from './auth.dto.js';
import { AuthService } from './auth.service.js';
import { CurrentClient } from './client-meta.decorator.js';
import { PasswordResetService } from './password-reset.service.js';
import { clearRefreshCookie, readRefreshCookie, REFRESH_COOKIE, setRefreshCookie } from './refresh-cookie.js';
import type { ClientMeta } from './session.service.js';

const SESSION_COOKIE_NOTE = `The refresh token is set in the HttpOnly cookie \`${REFRESH_COOKIE}\` (Path=/api/auth, SameSite=Lax, Secure in production).`;

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    @Inject(AuthService) private readonly auth: AuthService,
    @Inject(PasswordResetService) private readonly passwordResets: PasswordResetService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Public()
  @Post('login')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Sign in', description: `Lands in the oldest active membership. ${SESSION_COOKIE_NOTE}` })
  @ApiOkResponse({ type: LoginResponseDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED' })
  @ApiUnauthorizedResponse({ description: 'INVALID_CREDENTIALS (unknown email or wrong password: same answer)' })
  @ApiForbiddenResponse({ description: 'ACCOUNT_DISABLED; NO_MEMBERSHIP (no active membership and not a platform admin)' })
  @ApiTooManyRequestsResponse({ description: 'TOO_MANY_ATTEMPTS, with `retryAfterSeconds` and a Retry-After header' })
  async login(@Body() body: LoginDto, @CurrentClient() client: ClientMeta, @Res({ passthrough: true }) response: Response): Promise<LoginResponseDto> {
    const session = await this.auth.login(body, client);
    setRefreshCookie(response, this.config, session.refreshToken);
    return session.response;
  }

  @Public()
  @Post('refresh')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Rotate the refresh token', description: `Answers a new access token. ${SESSION_COOKIE_NOTE}` })
  @ApiOkResponse({ type: LoginResponseDto })
  @ApiUnauthorizedResponse({
    description: 'UNAUTHENTICATED (no cookie), TOKEN_INVALID (unknown or ended), TOKEN_EXPIRED, REFRESH_TOKEN_REUSED (the whole session is revoked)',
  })
  @ApiForbiddenResponse({ description: 'ACCOUNT_DISABLED; NO_MEMBERSHIP' })
  async refresh(@Req() request: Request, @CurrentClient() client: ClientMeta, @Res({ passthrough: true }) response: Response): Promise<LoginResponseDto> {
    const session = await this.auth.refresh(readRefreshCookie(request), client);
    setRefreshCookie(response, this.config, session.refreshToken);
    return session.response;
  }

  @Public()
  @Post('logout')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Sign out', description: 'Revokes the session of the refresh cookie (its access tokens stop working at once) and clears the cookie.' })
  @ApiNoContentResponse()
  async logout(@Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<void> {
    await this.auth.logout(readRefreshCookie(request));
    clearRefreshCookie(response, this.config);
  }

  @Get('me')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The caller, their current organisation, role, permissions and memberships' })
  @ApiOkResponse({ type: MeResponseDto })
  @ApiUnauthorizedResponse({ description: 'UNAUTHENTICATED, TOKEN_INVALID, TOKEN_EXPIRED, SESSION_REVOKED' })
  @ApiForbiddenResponse({ description: 'ACCOUNT_DISABLED; NO_MEMBERSHIP' })
  me(@CurrentAuth() auth: AuthContext): Promise<MeResponseDto> {
    return this.auth.me(auth);
  }

  @Patch('me')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Update the caller’s profile (name, locale)' })
  @ApiOkResponse({ type: MeResponseDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED' })
  @ApiUnauthorizedResponse({ description: 'UNAUTHENTICATED, TOKEN_INVALID, TOKEN_EXPIRED, SESSION_REVOKED' })
  updateMe(@CurrentAuth() auth: AuthContext, @Body() body: UpdateMeDto): Promise<MeResponseDto> {
    return this.auth.updateMe(auth, body);
  }

  @Post('change-password')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Change the caller’s password', description: 'Every other session of the caller is signed out.' })
  @ApiNoContentResponse()
  @ApiBadRequestResponse({ description: 'INVALID_CURRENT_PASSWORD (field currentPassword), WEAK_PASSWORD (field newPassword), VALIDATION_FAILED' })
  @ApiUnauthorizedResponse({ description: 'UNAUTHENTICATED, TOKEN_INVALID, TOKEN_EXPIRED, SESSION_REVOKED' })
  changePassword(@CurrentAuth() auth: AuthContext, @Body() body: ChangePasswordDto): Promise<void> {
    return this.auth.changePassword(auth, body);
  }

  @Post('switch-org')
  @HttpCode(HttpStatus.OK)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Act in another organisation', description: `Starts a new session bound to it and ends the current one. ${SESSION_COOKIE_NOTE}` })
  @ApiOkResponse({ type: LoginResponseDto })
  @ApiForbiddenResponse({ description: 'NO_MEMBERSHIP (not an active member; platform admins may enter any organisation, audited)' })
  @ApiNotFoundResponse({ description: 'NOT_FOUND (no such organisation)' })
  @ApiUnauthorizedResponse({ description: 'UNAUTHENTICATED, TOKEN_INVALID, TOKEN_EXPIRED, SESSION_REVOKED' })
  async switchOrg(
    @CurrentAuth() auth: AuthContext,
    @Body() body: SwitchOrgDto,
    @CurrentClient() client: ClientMeta,
    @Res({ passthrough: true }) response: Response,
  ): Promise<LoginResponseDto> {
    const session = await this.auth.switchOrg(auth, body.organizationId, client);
    setRefreshCookie(response, this.config, session.refreshToken);
    return session.response;
  }

  @Public()
  @Post('forgot-password')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'Email a password-reset link', description: 'Always 202, whether or not the account exists. The link is valid one hour.' })
  @ApiAcceptedResponse()
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED (not an email address)' })
  forgotPassword(@Body() body: ForgotPasswordDto): Promise<void> {
    return this.passwordResets.requestReset(body.email);
  }

  @Public()
  @Post('reset-password')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Set a new password with an emailed token', description: 'Single use; every session of the account is signed out.' })
  @ApiNoContentResponse()
  @ApiBadRequestResponse({ description: 'TOKEN_INVALID (unknown or already used), TOKEN_EXPIRED, WEAK_PASSWORD (field password), VALIDATION_FAILED' })
  resetPassword(@Body() body: ResetPasswordDto, @CurrentClient() client: ClientMeta): Promise<void> {
    return this.passwordResets.reset(body.token, body.password, client);
  }
}
