import { Body, Controller, Get, Inject, Put, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { AuthContext } from '../../common/auth/auth-context.js';
import { CurrentAuth, RequirePermissions } from '../../common/auth/auth.decorators.js';
import { UuidParam } from '../../common/http/uuid-param.pipe.js';
import { BadgeTemplatesService } from './badge-templates.service.js';
import { BadgesService } from './badges.service.js';
import {
  BadgeJobAcceptedDto,
  BadgePrintListDto,
  BadgePrintsQueryDto,
  BadgeRulesResponseDto,
  BulkBadgesQueryDto,
  PutBadgeRulesDto,
  SetBadgeTemplateDto,
  SingleBadgeQueryDto,
} from './badges.dto.js';

const BINARY = { schema: { type: 'string', format: 'binary' } } as const;

@ApiTags('badges')
@ApiBearerAuth()
@Controller('events/:eventId')
export class BadgesController {
  constructor(
    @Inject(BadgesService) private readonly badges: BadgesService,
    @Inject(BadgeTemplatesService) private readonly templates: BadgeTemplatesService,
  ) {}

  @Get('registrations/:registrationId/badge.pdf')
  @RequirePermissions('badges.print')
  @ApiProduces('application/pdf')
  @ApiOkResponse({ ...BINARY, description: 'One badge, drawn now and recorded as printed. 422 NO_BADGE_TEMPLATE when no template applies' })
  async single(
    @CurrentAuth() auth: AuthContext,
    @UuidParam('eventId') eventId: string,
    @UuidParam('registrationId') registrationId: string,
    @Query() query: SingleBadgeQueryDto,
    @Res({ passthrough: true }) response: Response,
  ) {
    const file = await this.badges.single(auth, eventId, registrationId, query.layout);
    response.setHeader('Cache-Control', 'private, no-store');
    return new StreamableFile(file.body, { type: 'application/pdf', length: file.body.length, disposition: `inline; filename="${file.filename}"` });
  }

  @Get('badges.pdf')
  @RequirePermissions('badges.print')
  @ApiProduces('application/pdf')
  @ApiAcceptedResponse({ type: BadgeJobAcceptedDto, description: 'Being built in the background (Retry-After; progress as `job.progress` on the socket, jobId = fileId): call the same URL again' })
  @ApiOkResponse({ ...BINARY, description: 'The print-ready PDF (recorded as printed)' })
  async bulk(@CurrentAuth() auth: AuthContext, @UuidParam('eventId') eventId: string, @Query() query: BulkBadgesQueryDto, @Res({ passthrough: true }) response: Response) {
    const outcome = await this.badges.bulk(auth, eventId, query);
    response.setHeader('Cache-Control', 'private, no-store');
    if (outcome.kind === 'accepted') {
      response.status(202);
      response.setHeader('Retry-After', String(outcome.body.retryAfterSeconds));
      return outcome.body;
    }
    return new StreamableFile(outcome.body, { type: 'application/pdf', length: outcome.contentLength, disposition: `inline; filename="${outcome.filename}"` });
  }

  @Get('badge-prints')
  @RequirePermissions('badges.read')
  @ApiOkResponse({ type: BadgePrintListDto })
  prints(@CurrentAuth() auth: AuthContext, @UuidParam('eventId') eventId: string, @Query() query: BadgePrintsQueryDto) {
    return this.badges.prints(auth, eventId, query);
  }

  @Get('badge-rules')
  @RequirePermissions('badge_templates.read')
  @ApiOkResponse({ type: BadgeRulesResponseDto })
  rules(@CurrentAuth() auth: AuthContext, @UuidParam('eventId') eventId: string) {
    return this.templates.getRules(auth, eventId);
  }

  @Put('badge-rules')
  @RequirePermissions('badge_templates.update')
  @ApiOkResponse({ type: BadgeRulesResponseDto, description: 'Replaces the event’s rules: attendee type → template, highest priority first' })
  putRules(@CurrentAuth() auth: AuthContext, @UuidParam('eventId') eventId: string, @Body() dto: PutBadgeRulesDto) {
    return this.templates.putRules(auth, eventId, dto);
  }

  @Put('registrations/:registrationId/badge-template')
  @RequirePermissions('badge_templates.update')
  @ApiOkResponse({ description: 'The template this person prints with, whatever the rules (null removes it)' })
  setTemplate(@CurrentAuth() auth: AuthContext, @UuidParam('eventId') eventId: string, @UuidParam('registrationId') registrationId: string, @Body() dto: SetBadgeTemplateDto) {
    return this.templates.setRegistrationTemplate(auth, eventId, registrationId, dto.templateId ?? null);
  }
}
