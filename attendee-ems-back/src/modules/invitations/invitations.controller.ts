import { Body, Controller, Delete, Get, HttpCode, Inject, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { AuthContext } from '../../common/auth/auth-context.js';
import { CurrentAuth, RequirePermissions } from '../../common/auth/auth.decorators.js';
import { UuidParam } from '../../common/http/uuid-param.pipe.js';
import { CreateInvitationDto, InvitationDto, InvitationListDto, ListInvitationsQueryDto } from './invitations.dto.js';
import { InvitationsService } from './invitations.service.js';

@ApiTags('invitations')
@ApiBearerAuth()
@Controller('invitations')
export class InvitationsController {
  constructor(@Inject(InvitationsService) private readonly invitations: InvitationsService) {}

  @Get()
  @RequirePermissions('invitations.read')
  @ApiOkResponse({ type: InvitationListDto, description: 'The organisation’s invitations, newest first' })
  list(@CurrentAuth() auth: AuthContext, @Query() query: ListInvitationsQueryDto): Promise<InvitationListDto> {
    return this.invitations.list(auth, query);
  }

  @Post()
  @RequirePermissions('invitations.create')
  @ApiCreatedResponse({ type: InvitationDto, description: 'Replaces (cancels) any open invitation for the same email and sends the email' })
  @ApiForbiddenResponse({ description: 'INSUFFICIENT_RANK: the role ranks above yours' })
  @ApiConflictResponse({ description: 'ALREADY_MEMBER' })
  create(@CurrentAuth() auth: AuthContext, @Body() dto: CreateInvitationDto): Promise<InvitationDto> {
    return this.invitations.create(auth, dto);
  }

  @Post(':id/resend')
  @HttpCode(200)
  @RequirePermissions('invitations.create')
  @ApiOkResponse({ type: InvitationDto, description: 'New link, new 7-day expiry, one more email' })
  @ApiConflictResponse({ description: 'INVITATION_NOT_PENDING or ALREADY_MEMBER' })
  resend(@CurrentAuth() auth: AuthContext, @UuidParam('id') id: string): Promise<InvitationDto> {
    return this.invitations.resend(auth, id);
  }

  @Delete(':id')
  @RequirePermissions('invitations.cancel')
  @ApiOkResponse({ type: InvitationDto, description: 'The cancelled invitation' })
  @ApiConflictResponse({ description: 'INVITATION_NOT_PENDING' })
  cancel(@CurrentAuth() auth: AuthContext, @UuidParam('id') id: string): Promise<InvitationDto> {
    return this.invitations.cancel(auth, id);
  }
}
