import { Body, Controller, Delete, Get, HttpCode, Inject, Patch, Post, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { AuthContext } from '../../common/auth/auth-context.js';
import { CurrentAuth, RequirePermissions } from '../../common/auth/auth.decorators.js';
import { UuidParam } from '../../common/http/uuid-param.pipe.js';
import { BadgeTemplatesService, type RenderedFile } from './badge-templates.service.js';
import {
  BadgeImageResponseDto,
  BadgeTemplateResponseDto,
  CreateBadgeTemplateDto,
  DuplicateBadgeTemplateDto,
  ListBadgeTemplatesQueryDto,
  PreviewBadgeDto,
  PreviewQueryDto,
  UpdateBadgeTemplateDto,
  UploadBadgeImageDto,
} from './badges.dto.js';

const BINARY = { schema: { type: 'string', format: 'binary' } } as const;

export function sendFile(response: Response, file: RenderedFile): StreamableFile {
  response.setHeader('Cache-Control', 'private, no-store');
  return new StreamableFile(file.body, { type: file.contentType, length: file.body.length, disposition: `inline; filename="${file.filename}"` });
}

@ApiTags('badges')
@ApiBearerAuth()
@Controller('badge-templates')
export class BadgeTemplatesController {
  constructor(@Inject(BadgeTemplatesService) private readonly templates: BadgeTemplatesService) {}

  @Get()
  @RequirePermissions('badge_templates.read')
  @ApiOkResponse({ type: [BadgeTemplateResponseDto], description: 'Organisation-wide templates, plus the event’s own with ?eventId=' })
  list(@CurrentAuth() auth: AuthContext, @Query() query: ListBadgeTemplatesQueryDto) {
    return this.templates.list(auth, query.eventId);
  }

  @Post()
  @RequirePermissions('badge_templates.create')
  @ApiCreatedResponse({ type: BadgeTemplateResponseDto, description: '400 INVALID_BADGE_LAYOUT names each problem; 413 past 256 KB of layout' })
  create(@CurrentAuth() auth: AuthContext, @Body() dto: CreateBadgeTemplateDto) {
    return this.templates.create(auth, dto);
  }

  @Post('preview')
  @HttpCode(200)
  @RequirePermissions('badge_templates.read')
  @ApiProduces('application/pdf', 'image/png')
  @ApiOkResponse({ ...BINARY, description: 'The unsaved layout rendered with sample attendees (PDF: one page per sample; PNG: one sample, rasterised by pdftoppm)' })
  async preview(@CurrentAuth() auth: AuthContext, @Body() dto: PreviewBadgeDto, @Res({ passthrough: true }) response: Response) {
    return sendFile(response, await this.templates.previewLayout(auth, dto.layout, { format: dto.format, sample: dto.sample, eventId: dto.eventId }));
  }

  @Post('images')
  @RequirePermissions('badge_templates.create')
  @ApiCreatedResponse({ type: BadgeImageResponseDto, description: 'A logo or background (PNG/JPEG, base64): its key goes in the layout. 400 INVALID_BADGE_IMAGE when unreadable' })
  uploadImage(@CurrentAuth() auth: AuthContext, @Body() dto: UploadBadgeImageDto) {
    return this.templates.uploadImage(auth, dto);
  }

  @Get(':id')
  @RequirePermissions('badge_templates.read')
  @ApiOkResponse({ type: BadgeTemplateResponseDto })
  get(@CurrentAuth() auth: AuthContext, @UuidParam('id') id: string) {
    return this.templates.get(auth, id);
  }

  @Patch(':id')
  @RequirePermissions('badge_templates.update')
  @ApiOkResponse({ type: BadgeTemplateResponseDto })
  update(@CurrentAuth() auth: AuthContext, @UuidParam('id') id: string, @Body() dto: UpdateBadgeTemplateDto) {
    return this.templates.update(auth, id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequirePermissions('badge_templates.delete')
  @ApiNoContentResponse({ description: 'Soft delete; its rules and registration overrides go with it' })
  remove(@CurrentAuth() auth: AuthContext, @UuidParam('id') id: string) {
    return this.templates.remove(auth, id);
  }

  @Post(':id/duplicate')
  @RequirePermissions('badge_templates.create')
  @ApiCreatedResponse({ type: BadgeTemplateResponseDto })
  duplicate(@CurrentAuth() auth: AuthContext, @UuidParam('id') id: string, @Body() dto: DuplicateBadgeTemplateDto) {
    return this.templates.duplicate(auth, id, dto);
  }

  @Get(':id/preview.pdf')
  @RequirePermissions('badge_templates.read')
  @ApiProduces('application/pdf')
  @ApiOkResponse({ ...BINARY, description: 'With ?registrationId= real data (badges.read on its event), else the samples (a 60-character name, a non-Latin one, empty fields)' })
  async previewPdf(@CurrentAuth() auth: AuthContext, @UuidParam('id') id: string, @Query() query: PreviewQueryDto, @Res({ passthrough: true }) response: Response) {
    return sendFile(response, await this.templates.previewTemplate(auth, id, 'pdf', query));
  }

  @Get(':id/preview.png')
  @RequirePermissions('badge_templates.read')
  @ApiProduces('image/png')
  @ApiOkResponse({ ...BINARY, description: 'First page of the PDF preview rasterised at 150 dpi; 503 PREVIEW_UNAVAILABLE without pdftoppm' })
  async previewPng(@CurrentAuth() auth: AuthContext, @UuidParam('id') id: string, @Query() query: PreviewQueryDto, @Res({ passthrough: true }) response: Response) {
    return sendFile(response, await this.templates.previewTemplate(auth, id, 'png', query));
  }
}
