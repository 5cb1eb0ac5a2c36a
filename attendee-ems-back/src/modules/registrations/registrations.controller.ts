import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiParam, ApiTags } from '@nestjs/swagger';
import type { AuthContext } from '../../common/auth/auth-context.js';
import { CurrentAuth, RequirePermissions } from '../../common/auth/auth.decorators.js';
import { UuidParam } from '../../common/http/uuid-param.pipe.js';
import {
  BulkStatusDto,
  BulkStatusResultDto,
  CreateRegistrationDto,
  EventStatsDto,
  ListRegistrationsQueryDto,
  RegistrationListResponseDto,
  RegistrationResponseDto,
  UpdateRegistrationDto,
} from './registrations.dto.js';
import { RegistrationsService } from './registrations.service.js';
import { BulkOperationDto, CreateBulkOperationDto } from './bulk-operations.dto.js';
import { BulkOperationsService } from './bulk-operations.service.js';
import { EmailLogQueryDto, EmailLogResponseDto } from './email-log.dto.js';
import { EmailLogService } from './email-log.service.js';
import { EmailPreviewDto, EmailTemplatesResponseDto, PreviewEmailTemplateDto, SaveEmailTemplateDto } from './email-templates.dto.js';
import { EmailTemplatesService } from './email-templates.service.js';
import { EMAIL_KINDS } from './registration-emails.js';
import { RegistrationListFiltersService } from './registration-list-filters.service.js';
import { RegistrationHistoryResponseDto } from './registration-history.dto.js';
import { RegistrationHistoryService } from './registration-history.service.js';

@ApiTags('registrations')
@ApiBearerAuth()
@Controller('events/:eventId')
export class RegistrationsController {
  constructor(
    @Inject(RegistrationsService) private readonly registrations: RegistrationsService,
    @Inject(EmailLogService) private readonly emailLog: EmailLogService,
    @Inject(EmailTemplatesService) private readonly templates: EmailTemplatesService,
    @Inject(BulkOperationsService) private readonly bulkOperations: BulkOperationsService,
    @Inject(RegistrationListFiltersService) private readonly listFilters: RegistrationListFiltersService,
    @Inject(RegistrationHistoryService) private readonly registrationHistory: RegistrationHistoryService,
  ) {}

  @Get('registrations')
  @RequirePermissions('registrations.read')
  @ApiOkResponse({ type: RegistrationListResponseDto })
  async list(@CurrentAuth() auth: AuthContext, @UuidParam('eventId') eventId: string, @Query() query: ListRegistrationsQueryDto) {
    return this.registrations.list(auth, eventId, await this.listFilters.resolve(auth, eventId, query));
  }

  @Post('registrations')
  @RequirePermissions('registrations.create')
  @ApiCreatedResponse({ type: RegistrationResponseDto, description: '409 ALREADY_REGISTERED, 409 EVENT_FULL' })
  create(@CurrentAuth() auth: AuthContext, @UuidParam('eventId') eventId: string, @Body() dto: CreateRegistrationDto) {
    return this.registrations.create(auth, eventId, dto);
  }

  @Post('registrations/bulk-status')
  @HttpCode(200)
  @RequirePermissions('registrations.approve')
  @ApiOkResponse({ type: BulkStatusResultDto })
  bulkStatus(@CurrentAuth() auth: AuthContext, @UuidParam('eventId') eventId: string, @Body() dto: BulkStatusDto) {
    return this.registrations.bulkStatus(auth, eventId, dto.ids, dto.status);
  }

  @Post('registrations/bulk-operations')
  @HttpCode(202)
  @RequirePermissions('registrations.approve')
  @ApiAcceptedResponse({ type: BulkOperationDto, description: 'Accepted: the worker applies it; follow it with GET …/bulk-operations/:operationId or the socket’s `job.progress`' })
  createBulkOperation(@CurrentAuth() auth: AuthContext, @UuidParam('eventId') eventId: string, @Body() dto: CreateBulkOperationDto) {
    return this.bulkOperations.create(auth, eventId, dto);
  }

  @Get('registrations/bulk-operations/:operationId')
  @RequirePermissions('registrations.read')
  @ApiOkResponse({ type: BulkOperationDto })
  bulkOperation(@CurrentAuth() auth: AuthContext, @UuidParam('eventId') eventId: string, @UuidParam('operationId') operationId: string) {
    return this.bulkOperations.get(auth, eventId, operationId);
  }

  @Get('registrations/:registrationId')
  @RequirePermissions('registrations.read')
  @ApiOkResponse({ type: RegistrationResponseDto })
  get(@CurrentAuth() auth: AuthContext, @UuidParam('eventId') eventId: string, @UuidParam('registrationId') registrationId: string) {
    return this.registrations.get(auth, eventId, registrationId);
  }

  @Get('registrations/:registrationId/history')
  @RequirePermissions('registrations.read')
  @ApiOkResponse({ type: RegistrationHistoryResponseDto, description: 'The registration’s timeline, oldest first: creation, status changes with who and when, check-ins and check-outs, edits, emails sent' })
  history(@CurrentAuth() auth: AuthContext, @UuidParam('eventId') eventId: string, @UuidParam('registrationId') registrationId: string) {
    return this.registrationHistory.history(auth, eventId, registrationId);
  }

  @Patch('registrations/:registrationId')
  @ApiOkResponse({ type: RegistrationResponseDto, description: '`{status}` approves, refuses, cancels, waitlists or restores (registrations.approve); other fields need registrations.update' })
  update(@CurrentAuth() auth: AuthContext, @UuidParam('eventId') eventId: string, @UuidParam('registrationId') registrationId: string, @Body() dto: UpdateRegistrationDto) {
    return this.registrations.update(auth, eventId, registrationId, dto);
  }

  @Delete('registrations/:registrationId')
  @HttpCode(204)
  @RequirePermissions('registrations.delete')
  @ApiNoContentResponse({ description: 'Soft delete: the seat is freed; restore with POST …/restore' })
  remove(@CurrentAuth() auth: AuthContext, @UuidParam('eventId') eventId: string, @UuidParam('registrationId') registrationId: string) {
    return this.registrations.remove(auth, eventId, registrationId);
  }

  @Post('registrations/:registrationId/restore')
  @HttpCode(200)
  @RequirePermissions('registrations.delete')
  @ApiOkResponse({ type: RegistrationResponseDto, description: '409 EVENT_FULL when the seat it held is gone' })
  restore(@CurrentAuth() auth: AuthContext, @UuidParam('eventId') eventId: string, @UuidParam('registrationId') registrationId: string) {
    return this.registrations.restore(auth, eventId, registrationId);
  }

  @Get('emails')
  @RequirePermissions('emails.read')
  @ApiOkResponse({ type: EmailLogResponseDto, description: 'The email log of the event: what was sent, when, delivered, failed or retried' })
  emails(@CurrentAuth() auth: AuthContext, @UuidParam('eventId') eventId: string, @Query() query: EmailLogQueryDto) {
    return this.emailLog.list(auth, eventId, query);
  }

  @Get('registrations/:registrationId/emails')
  @RequirePermissions('emails.read')
  @ApiOkResponse({ type: EmailLogResponseDto, description: 'The emails sent to one person for this event' })
  registrationEmails(@CurrentAuth() auth: AuthContext, @UuidParam('eventId') eventId: string, @UuidParam('registrationId') registrationId: string, @Query() query: EmailLogQueryDto) {
    return this.emailLog.list(auth, eventId, query, registrationId);
  }

  @Get('email-templates')
  @RequirePermissions('emails.read')
  @ApiOkResponse({ type: EmailTemplatesResponseDto })
  emailTemplates(@CurrentAuth() auth: AuthContext, @UuidParam('eventId') eventId: string) {
    return this.templates.list(auth, eventId);
  }

  @Put('email-templates/:kind')
  @RequirePermissions('emails.update')
  @ApiParam({ name: 'kind', enum: EMAIL_KINDS })
  @ApiOkResponse({ type: EmailTemplatesResponseDto, description: '400 when a {{placeholder}} is unknown' })
  saveEmailTemplate(@CurrentAuth() auth: AuthContext, @UuidParam('eventId') eventId: string, @Param('kind') kind: string, @Body() dto: SaveEmailTemplateDto) {
    return this.templates.save(auth, eventId, kind, dto);
  }

  @Post('email-templates/:kind/preview')
  @HttpCode(200)
  @RequirePermissions('emails.read')
  @ApiParam({ name: 'kind', enum: EMAIL_KINDS })
  @ApiOkResponse({ type: EmailPreviewDto })
  previewEmailTemplate(@CurrentAuth() auth: AuthContext, @UuidParam('eventId') eventId: string, @Param('kind') kind: string, @Body() dto: PreviewEmailTemplateDto) {
    return this.templates.preview(auth, eventId, kind, dto);
  }

  @Get('stats')
  @RequirePermissions('registrations.read')
  @ApiOkResponse({ type: EventStatsDto })
  stats(@CurrentAuth() auth: AuthContext, @UuidParam('eventId') eventId: string) {
    return this.registrations.stats(auth, eventId);
  }
}
