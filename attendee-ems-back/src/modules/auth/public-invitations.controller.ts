import { Body, Controller, Get, HttpCode, HttpStatus, Inject, Param, Post, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiGoneResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../../common/auth/public.decorator.js';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/app-config.js';
import { AcceptInvitationDto, InvitationPreviewDto, LoginResponseDto } from './auth.dto.js';
import { CurrentClient } from './client-meta.decorator.js';
import { InvitationAcceptanceService } from './invitation-acceptance.service.js';
import { setRefreshCookie } from './refresh-cookie.js';
import type { ClientMeta } from './session.service.js';

@ApiTags('invitations')
@Public()
@Controller('public/invitations')
export class PublicInvitationsController {
  constructor(
    @Inject(InvitationAcceptanceService) private readonly acceptance: InvitationAcceptanceService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get(':token')
  @ApiOperation({ summary: 'What an invitation link offers (no sign-in needed)' })
  @ApiOkResponse({ type: InvitationPreviewDto })
  @ApiNotFoundResponse({ description: 'NOT_FOUND (unknown token)' })
  @ApiGoneResponse({ description: 'INVITATION_EXPIRED' })
  @ApiConflictResponse({ description: 'INVITATION_NOT_PENDING (accepted or cancelled)' })
  preview(@Param('token') token: string): Promise<InvitationPreviewDto> {
    return this.acceptance.preview(token);
  }

  @Post(':token/accept')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Accept an invitation and sign in',
    description: 'Creates the account when the email has none (firstName, lastName required), otherwise checks its password. Sets the refresh cookie like login.',
  })
  @ApiOkResponse({ type: LoginResponseDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED (firstName/lastName missing for a new account), WEAK_PASSWORD' })
  @ApiUnauthorizedResponse({ description: 'INVALID_CREDENTIALS (wrong password of the existing account)' })
  @ApiForbiddenResponse({ description: 'ACCOUNT_DISABLED' })
  @ApiNotFoundResponse({ description: 'NOT_FOUND (unknown token)' })
  @ApiGoneResponse({ description: 'INVITATION_EXPIRED' })
  @ApiConflictResponse({ description: 'INVITATION_NOT_PENDING (accepted or cancelled), ALREADY_MEMBER' })
  @ApiTooManyRequestsResponse({ description: 'TOO_MANY_ATTEMPTS (failed passwords, as for login)' })
  async accept(
    @Param('token') token: string,
    @Body() body: AcceptInvitationDto,
    @CurrentClient() client: ClientMeta,
    @Res({ passthrough: true }) response: Response,
  ): Promise<LoginResponseDto> {
    const session = await this.acceptance.accept(token, body, client);
    setRefreshCookie(response, this.config, session.refreshToken);
    return session.response;
  }
}
