import { randomUUID } from 'node:crypto';
import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import type { Prisma } from '../../generated/prisma/client.js';
import { assertPermission, type AuthContext } from '../../common/auth/auth-context.js';
import { AppException } from '../../common/errors/app-exception.js';
import { ErrorCode } from '../../common/errors/error-codes.js';
import { seesFullPersonalData } from '../../common/privacy/personal-data-policy.js';
import { EventAccessService } from '../events/event-access.service.js';
import type { PermissionKey } from '../rbac/permission-registry.js';
import { BadgeAssets, badgeImagePrefix, rasterisePdf } from './badge-assets.js';
import { MAX_LAYOUT_BYTES, validateBadgeLayout, type BadgeLayout } from './badge-layout.js';
import { BadgeDocument, isEmbeddableImage, type BadgeData } from './badge-renderer.js';
import { badgeDataOf, formatEventDate } from './badge-resolution.js';
import { SAMPLE_NAMES, sampleBadgeData, type SampleName } from './badge-samples.js';
import {
  toBadgeTemplateResponse,
  type BadgeImageResponseDto,
  type BadgeRulesResponseDto,
  type BadgeTemplateResponseDto,
  type CreateBadgeTemplateDto,
  type DuplicateBadgeTemplateDto,
  type PutBadgeRulesDto,
  type UpdateBadgeTemplateDto,
  type UploadBadgeImageDto,
} from './badges.dto.js';
import { BadgesRepository, type TemplateRow } from './badges.repository.js';

export interface RenderedFile {
  body: Buffer;
  contentType: 'application/pdf' | 'image/png';
  filename: string;
}

const IMAGE_SIGNATURES: Record<string, Buffer> = { 'image/png': Buffer.from([0x89, 0x50, 0x4e, 0x47]), 'image/jpeg': Buffer.from([0xff, 0xd8, 0xff]) };

@Injectable()
export class BadgeTemplatesService {
  constructor(
    @Inject(BadgesRepository) private readonly repository: BadgesRepository,
    @Inject(EventAccessService) private readonly access: EventAccessService,
    @Inject(BadgeAssets) private readonly assets: BadgeAssets,
  ) {}

  /** Organisation-wide templates need the permission at organisation scope; event templates, access to the event. */
  private async assertScope(auth: AuthContext, eventId: string | null, permission: PermissionKey): Promise<string> {
    if (eventId) return (await this.access.assertEventAccess(auth, eventId, permission)).orgId;
    const scope = assertPermission(auth, permission);
    if (!auth.orgId) throw AppException.notFound('Badge template', ErrorCode.BADGE_TEMPLATE_NOT_FOUND);
    if (scope !== 'org' && permission !== 'badge_templates.read') throw AppException.forbidden(ErrorCode.FORBIDDEN, 'Organisation-wide templates need this permission for the whole organisation.');
    return auth.orgId;
  }

  private async loadTemplate(auth: AuthContext, id: string, permission: PermissionKey): Promise<TemplateRow> {
    assertPermission(auth, permission);
    const template = auth.orgId ? await this.repository.findTemplate(auth.orgId, id) : null;
    if (!template) throw AppException.notFound('Badge template', ErrorCode.BADGE_TEMPLATE_NOT_FOUND);
    try {
      await this.assertScope(auth, template.eventId, permission);
    } catch (error) {
      if (error instanceof AppException && error.code === ErrorCode.EVENT_NOT_FOUND) throw AppException.notFound('Badge template', ErrorCode.BADGE_TEMPLATE_NOT_FOUND);
      throw error;
    }
    return template;
  }

  /** Schema, meaning, size and images: 400 INVALID_BADGE_LAYOUT listing every problem, 413 past 256 KB. */
  async checkLayout(orgId: string, input: unknown): Promise<BadgeLayout> {
    const bytes = Buffer.byteLength(JSON.stringify(input ?? null));
    if (bytes > MAX_LAYOUT_BYTES) {
      throw new AppException(HttpStatus.PAYLOAD_TOO_LARGE, ErrorCode.PAYLOAD_TOO_LARGE, `The layout is ${bytes} bytes; at most ${MAX_LAYOUT_BYTES} bytes.`, [
        { field: 'layout', code: 'maxBytes', message: `at most ${MAX_LAYOUT_BYTES} bytes` },
      ]);
    }
    const result = validateBadgeLayout(input);
    if (!result.ok) throw AppException.badRequest(ErrorCode.INVALID_BADGE_LAYOUT, `Invalid badge layout: ${result.errors.map((error) => `${error.field}: ${error.message}`).join('; ')}`, result.errors);
    const imageProblems = await this.assets.problems(orgId, result.layout);
    if (imageProblems.length) throw AppException.badRequest(ErrorCode.INVALID_BADGE_LAYOUT, `Invalid badge layout: ${imageProblems.map((error) => `${error.field}: ${error.message}`).join('; ')}`, imageProblems);
    return result.layout;
  }

  async list(auth: AuthContext, eventId?: string): Promise<BadgeTemplateResponseDto[]> {
    const orgId = await this.assertScope(auth, eventId ?? null, 'badge_templates.read');
    return (await this.repository.listTemplates(orgId, eventId ?? null, true)).map(toBadgeTemplateResponse);
  }

  async get(auth: AuthContext, id: string): Promise<BadgeTemplateResponseDto> {
    return toBadgeTemplateResponse(await this.loadTemplate(auth, id, 'badge_templates.read'));
  }

  async create(auth: AuthContext, dto: CreateBadgeTemplateDto): Promise<BadgeTemplateResponseDto> {
    const orgId = await this.assertScope(auth, dto.eventId ?? null, 'badge_templates.create');
    const layout = await this.checkLayout(orgId, dto.layout);
    const row = await this.repository.transaction(async (tx) => {
      if (dto.isDefault) await this.repository.clearDefault(tx, orgId, dto.eventId ?? null);
      return this.repository.createTemplate(tx, { orgId, eventId: dto.eventId ?? null, name: dto.name.trim(), layout: layout as unknown as Prisma.InputJsonValue, isDefault: dto.isDefault ?? false });
    });
    return toBadgeTemplateResponse(row);
  }

  async update(auth: AuthContext, id: string, dto: UpdateBadgeTemplateDto): Promise<BadgeTemplateResponseDto> {
    const template = await this.loadTemplate(auth, id, 'badge_templates.update');
    const layout = dto.layout !== undefined ? await this.checkLayout(template.orgId, dto.layout) : undefined;
    const row = await this.repository.transaction(async (tx) => {
      if (dto.isDefault) await this.repository.clearDefault(tx, template.orgId, template.eventId, id);
      return this.repository.updateTemplate(tx, id, {
        ...(dto.name !== undefined ? { name: dto.name.trim() } : {}),
        ...(layout ? { layout: layout as unknown as Prisma.InputJsonValue } : {}),
        ...(dto.isDefault !== undefined ? { isDefault: dto.isDefault } : {}),
      });
    });
    return toBadgeTemplateResponse(row);
  }

  async remove(auth: AuthContext, id: string): Promise<void> {
    await this.loadTemplate(auth, id, 'badge_templates.delete');
    await this.repository.transaction((tx) => this.repository.softDeleteTemplate(tx, id));
  }

  async duplicate(auth: AuthContext, id: string, dto: DuplicateBadgeTemplateDto): Promise<BadgeTemplateResponseDto> {
    const source = await this.loadTemplate(auth, id, 'badge_templates.read');
    const eventId = dto.eventId ?? source.eventId;
    const orgId = await this.assertScope(auth, eventId, 'badge_templates.create');
    const row = await this.repository.transaction((tx) =>
      this.repository.createTemplate(tx, { orgId, eventId, name: (dto.name ?? `${source.name} (copy)`).slice(0, 120), layout: source.layout as Prisma.InputJsonValue, isDefault: false }),
    );
    return toBadgeTemplateResponse(row);
  }

  async uploadImage(auth: AuthContext, dto: UploadBadgeImageDto): Promise<BadgeImageResponseDto> {
    assertPermission(auth, 'badge_templates.create');
    if (!auth.orgId) throw AppException.forbidden(ErrorCode.NO_CURRENT_ORGANIZATION, 'Choose an organisation first.');
    const bytes = Buffer.from(dto.dataBase64, 'base64');
    const invalid = (message: string) => AppException.badRequest(ErrorCode.INVALID_BADGE_IMAGE, message, [{ field: 'dataBase64', code: 'invalidImage', message }]);
    if (bytes.length === 0 || bytes.length > BadgeAssets.maxImageBytes) throw invalid(`The image must be between 1 byte and ${BadgeAssets.maxImageBytes} bytes.`);
    if (!bytes.subarray(0, IMAGE_SIGNATURES[dto.contentType]!.length).equals(IMAGE_SIGNATURES[dto.contentType]!)) throw invalid(`This is not a ${dto.contentType} file.`);
    if (!isEmbeddableImage(bytes)) throw invalid('The image cannot be read (broken or unsupported PNG/JPEG).');
    const key = `${badgeImagePrefix(auth.orgId)}${randomUUID()}.${dto.contentType === 'image/png' ? 'png' : 'jpg'}`;
    await this.assets.upload(auth.orgId, key, bytes, dto.contentType);
    return { key, sizeBytes: bytes.length };
  }

  // previews

  /** A preview of an unsaved layout (the designer's live view). */
  async previewLayout(auth: AuthContext, input: unknown, options: { format?: 'pdf' | 'png'; sample?: SampleName; eventId?: string }): Promise<RenderedFile> {
    const orgId = await this.assertScope(auth, options.eventId ?? null, 'badge_templates.read');
    const layout = await this.checkLayout(orgId, input);
    const event = options.eventId ? await this.eventSample(options.eventId) : undefined;
    const samples = options.sample ? [sampleBadgeData(options.sample, event)] : SAMPLE_NAMES.map((name) => sampleBadgeData(name, event));
    return this.render(orgId, layout, samples, options.format ?? 'pdf');
  }

  /** A saved template with a sample attendee or a real registration of one of the caller's events. */
  async previewTemplate(auth: AuthContext, id: string, format: 'pdf' | 'png', options: { registrationId?: string; sample?: SampleName }): Promise<RenderedFile> {
    const template = await this.loadTemplate(auth, id, 'badge_templates.read');
    const layout = validateBadgeLayout(template.layout);
    if (!layout.ok) throw AppException.badRequest(ErrorCode.INVALID_BADGE_LAYOUT, 'The saved layout is no longer valid.', layout.errors);
    let samples: BadgeData[];
    if (options.registrationId) {
      samples = [await this.registrationData(auth, options.registrationId, template.eventId)];
    } else {
      const event = template.eventId ? await this.eventSample(template.eventId) : undefined;
      samples = options.sample ? [sampleBadgeData(options.sample, event)] : SAMPLE_NAMES.map((name) => sampleBadgeData(name, event));
    }
    return this.render(template.orgId, layout.layout, samples, format);
  }

  private async registrationData(auth: AuthContext, registrationId: string, templateEventId: string | null): Promise<BadgeData> {
    const registration = await this.repository.registrationWithEvent(registrationId, auth.orgId ?? '');
    if (!registration || (templateEventId && registration.eventId !== templateEventId)) throw AppException.notFound('Registration', ErrorCode.REGISTRATION_NOT_FOUND);
    await this.access.assertEventAccess(auth, registration.eventId, 'badges.read');
    const event = await this.repository.eventForBadges(registration.eventId);
    return badgeDataOf(registration, event!, !seesFullPersonalData(auth));
  }

  private async eventSample(eventId: string) {
    const event = await this.repository.eventForBadges(eventId);
    return event ? { name: event.name, date: formatEventDate(event, 'fr') } : undefined;
  }

  private async render(orgId: string, layout: BadgeLayout, samples: BadgeData[], format: 'pdf' | 'png'): Promise<RenderedFile> {
    const images = await this.assets.load(orgId, [layout]);
    const pdf = await BadgeDocument.toBuffer((document) => samples.forEach((data) => document.add(layout, data)), 'single', images);
    if (format === 'pdf') return { body: pdf, contentType: 'application/pdf', filename: 'badge-preview.pdf' };
    const png = await rasterisePdf(pdf);
    if (!png) throw new AppException(HttpStatus.SERVICE_UNAVAILABLE, ErrorCode.PREVIEW_UNAVAILABLE, 'PNG previews need pdftoppm (poppler-utils) on the server; the PDF preview works.');
    return { body: png, contentType: 'image/png', filename: 'badge-preview.png' };
  }

  // rules and overrides

  async getRules(auth: AuthContext, eventId: string): Promise<BadgeRulesResponseDto> {
    await this.access.assertEventAccess(auth, eventId, 'badge_templates.read');
    return { rules: await this.repository.listRules(eventId) };
  }

  async putRules(auth: AuthContext, eventId: string, dto: PutBadgeRulesDto): Promise<BadgeRulesResponseDto> {
    const { orgId } = await this.access.assertEventAccess(auth, eventId, 'badge_templates.update');
    const typeIds = [...new Set(dto.rules.map((rule) => rule.eventAttendeeTypeId))];
    const templateIds = [...new Set(dto.rules.map((rule) => rule.templateId))];
    const errors = [];
    if ((await this.repository.countEventAttendeeTypes(eventId, typeIds)) !== typeIds.length) errors.push({ field: 'rules', code: 'unknownAttendeeType', message: 'every eventAttendeeTypeId must be an attendee type of this event' });
    if ((await this.repository.countUsableTemplates(orgId, eventId, templateIds)) !== templateIds.length) errors.push({ field: 'rules', code: 'unknownTemplate', message: 'every templateId must be a template of this event or of the organisation' });
    if (errors.length) throw AppException.badRequest(ErrorCode.VALIDATION_FAILED, errors.map((error) => error.message).join('; '), errors);
    await this.repository.transaction((tx) => this.repository.replaceRules(tx, orgId, eventId, dto.rules.map((rule) => ({ eventAttendeeTypeId: rule.eventAttendeeTypeId, templateId: rule.templateId, priority: rule.priority ?? 0 }))));
    return { rules: await this.repository.listRules(eventId) };
  }

  async setRegistrationTemplate(auth: AuthContext, eventId: string, registrationId: string, templateId: string | null) {
    const { orgId } = await this.access.assertEventAccess(auth, eventId, 'badge_templates.update');
    const registration = await this.repository.findRegistration(eventId, registrationId);
    if (!registration) throw AppException.notFound('Registration', ErrorCode.REGISTRATION_NOT_FOUND);
    if (templateId && (await this.repository.countUsableTemplates(orgId, eventId, [templateId])) !== 1) throw AppException.notFound('Badge template', ErrorCode.BADGE_TEMPLATE_NOT_FOUND);
    const row = await this.repository.setRegistrationTemplate(registrationId, templateId);
    return { registrationId: row.id, templateId: row.badgeTemplateId };
  }
}
