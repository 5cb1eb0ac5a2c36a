import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import type { AuthContext } from '../../common/auth/auth-context.js';
import { AppException } from '../../common/errors/app-exception.js';
import { ErrorCode } from '../../common/errors/error-codes.js';
import { seesFullPersonalData } from '../../common/privacy/personal-data-policy.js';
import { JobsService } from '../../infra/jobs/jobs.service.js';
import { StorageObjectNotFoundError, StorageService } from '../../infra/storage/storage.service.js';
import { EventAccessService } from '../events/event-access.service.js';
import { BadgeAssets } from './badge-assets.js';
import type { BatchRequest } from './badge-batch.js';
import { imageKeysOf } from './badge-layout.js';
import { BadgeResolutionCache, cachedLayout } from './badge-resolution-cache.js';
import { BadgeDocument, type SheetLayout } from './badge-renderer.js';
import { badgeDataOf, resolveTemplate } from './badge-resolution.js';
import type { BadgeJobAcceptedDto, BadgePrintListDto, BadgePrintsQueryDto, BulkBadgesQueryDto } from './badges.dto.js';
import { BadgesRepository, type TemplateRow } from './badges.repository.js';

export const BADGE_RENDER_QUEUE = 'badges.render';
export const MAX_SELECTION = 20_000;
/** A pending/running file older than this is considered abandoned (worker died) and rebuilt. */
const STALE_AFTER_MS = 30 * 60_000;
const NO_ORG = '00000000-0000-0000-0000-000000000000';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface BadgeJobData extends BatchRequest {
  fileId: string;
}

export type BulkOutcome =
  | { kind: 'accepted'; body: BadgeJobAcceptedDto }
  | { kind: 'file'; body: Readable; contentLength?: number; filename: string };

@Injectable()
export class BadgesService {
  constructor(
    @Inject(BadgesRepository) private readonly repository: BadgesRepository,
    @Inject(EventAccessService) private readonly access: EventAccessService,
    @Inject(BadgeAssets) private readonly assets: BadgeAssets,
    @Inject(JobsService) private readonly jobs: JobsService,
    @Inject(StorageService) private readonly storage: StorageService,
  ) {}

  /** Per-event resolution kept while the event's templates and rules are unchanged (exposed for tests). */
  readonly resolutionCache = new BadgeResolutionCache();

  /**
   * One badge, drawn in the request and recorded as printed. Two round trips when the event's
   * templates are cached: the access check in parallel with one query for the registration, its
   * event and the templates' fingerprint; then the print record, written while the PDF is drawn.
   */
  async single(auth: AuthContext, eventId: string, registrationId: string, sheet: SheetLayout = 'single'): Promise<{ body: Buffer; filename: string }> {
    const [{ orgId }, inputs] = await Promise.all([
      this.access.assertEventAccess(auth, eventId, 'badges.print'),
      this.repository.singleBadgeInputs(auth.orgId ?? NO_ORG, eventId, registrationId),
    ]);
    const registration = inputs?.registration;
    if (!inputs || !registration) throw AppException.notFound('Registration', ErrorCode.REGISTRATION_NOT_FOUND);
    let entry = this.resolutionCache.get(orgId, eventId, inputs.fingerprint);
    if (!entry) {
      const context = await this.repository.resolutionContext(orgId, eventId);
      entry = this.resolutionCache.set(eventId, { orgId, fingerprint: inputs.fingerprint, templates: new Map(context.templates.map((template) => [template.id, template])), rules: context.rules });
    }
    let templates: ReadonlyMap<string, TemplateRow> = entry.templates;
    let cacheable = true;
    if (registration.badgeTemplateId && !templates.has(registration.badgeTemplateId)) {
      // An override outside the event's usable set (another event's template): read each time, not cached.
      const extra = new Map(templates);
      for (const template of await this.repository.findTemplatesByIds(orgId, [registration.badgeTemplateId])) extra.set(template.id, template);
      templates = extra;
      cacheable = !extra.has(registration.badgeTemplateId);
    }
    const template = resolveTemplate(registration, eventId, templates, entry.rules);
    if (!template) throw this.noTemplate();
    cacheable = cacheable && entry.templates.has(template.id);
    const layout = cachedLayout(cacheable ? entry : null, template);
    if (!layout.ok) throw AppException.badRequest(ErrorCode.INVALID_BADGE_LAYOUT, `Template "${template.name}" has an invalid layout.`, layout.errors);
    const images = new Map<string, Buffer | null>();
    for (const { key } of imageKeysOf(layout.layout)) if (cacheable && entry.images.has(key)) images.set(key, entry.images.get(key)!);
    if (images.size < imageKeysOf(layout.layout).length) {
      for (const [key, bytes] of await this.assets.load(orgId, [layout.layout])) {
        images.set(key, bytes);
        if (cacheable) entry.images.set(key, bytes);
      }
    }
    const recorded = this.repository.recordPrints([{ orgId, eventId, registrationId, printedById: auth.userId, kind: 'single', badgeCount: 1 }]);
    recorded.catch(() => undefined);
    const body = await BadgeDocument.toBuffer((document) => document.add(layout.layout, badgeDataOf(registration, inputs.event, !seesFullPersonalData(auth))), sheet, images);
    await recorded;
    return { body, filename: `badge-${registration.confirmationNumber}.pdf` };
  }

  private noTemplate() {
    return new AppException(HttpStatus.UNPROCESSABLE_ENTITY, ErrorCode.NO_BADGE_TEMPLATE, 'No badge template applies: set an event or organisation default, a rule for the attendee type, or a template on the registration.');
  }

  /**
   * The event's (or a selection's) badges in one PDF. The first call starts a background job and
   * answers 202 (Retry-After); later calls to the same URL answer 202 with the progress until the
   * file is ready, then 200 with the PDF. Identical requests share one job and one file; any
   * change to the registrations, templates or rules makes a new one.
   */
  async bulk(auth: AuthContext, eventId: string, query: BulkBadgesQueryDto): Promise<BulkOutcome> {
    const { orgId } = await this.access.assertEventAccess(auth, eventId, 'badges.print');
    const layout = query.layout ?? 'single';
    const selection = this.parseSelection(query.registrationIds);
    const masked = !seesFullPersonalData(auth);
    const fingerprint = await this.repository.fingerprint(orgId, eventId, selection);
    if (fingerprint.count === 0) throw AppException.notFound('Registrations to print', ErrorCode.REGISTRATION_NOT_FOUND);
    const context = await this.repository.resolutionContext(orgId, eventId);
    if (!context.templates.length && !(selection ?? []).length) throw this.noTemplate();
    const requestKey = `badges:${createHash('sha256')
      .update(JSON.stringify({ eventId, layout, selection: selection ? [...selection].sort() : 'approved', masked, parts: fingerprint.parts }))
      .digest('hex')}`;

    const { file, created } = await this.repository.transaction(async (tx) => {
      await this.repository.lockRequestKey(tx, requestKey);
      const existing = await this.repository.findReusableFile(orgId, requestKey, tx);
      if (existing && !(existing.status !== 'done' && Date.now() - existing.createdAt.getTime() > STALE_AFTER_MS)) return { file: existing, created: false };
      const fresh = await this.repository.createFile(tx, { orgId, eventId, kind: 'badges.pdf', requestKey, total: fingerprint.count, createdById: auth.userId });
      return { file: fresh, created: true };
    });
    if (created) {
      const data: BadgeJobData = { fileId: file.id, orgId, eventId, layout, registrationIds: selection, masked };
      try {
        await this.jobs.send(BADGE_RENDER_QUEUE, data, { id: file.id, retryLimit: 1, retryDelay: 5, expireInSeconds: 60 * 60 });
      } catch (error) {
        await this.repository.markFileFailed(file.id, 'could not queue the job');
        throw error;
      }
    }
    if (file.status === 'done' && file.storageKey) {
      try {
        const stored = await this.storage.get(file.storageKey);
        await this.recordBulkPrint(auth, orgId, eventId, file.id, selection);
        return { kind: 'file', body: stored.body, contentLength: stored.contentLength, filename: `badges-${eventId.slice(0, 8)}.pdf` };
      } catch (error) {
        if (!(error instanceof StorageObjectNotFoundError)) throw error;
        await this.repository.markFileFailed(file.id, 'stored file missing');
        return this.bulk(auth, eventId, query);
      }
    }
    return { kind: 'accepted', body: { fileId: file.id, status: file.status === 'running' ? 'running' : 'pending', progress: file.progress, total: file.total, retryAfterSeconds: file.status === 'running' ? 1 : 2 } };
  }

  private parseSelection(raw: string | undefined): string[] | null {
    if (raw === undefined || raw.trim() === '') return null;
    const ids = [...new Set(raw.split(',').map((id) => id.trim()).filter(Boolean))];
    const bad = ids.filter((id) => !UUID.test(id));
    if (bad.length) throw AppException.badRequest(ErrorCode.INVALID_ID, 'registrationIds must be UUIDs separated by commas.', [{ field: 'registrationIds', code: 'isUuid', message: `not a UUID: ${bad[0]!.slice(0, 40)}` }]);
    if (ids.length > MAX_SELECTION) throw AppException.badRequest(ErrorCode.VALIDATION_FAILED, `At most ${MAX_SELECTION} registrations per file.`, [{ field: 'registrationIds', code: 'arrayMaxSize', message: `at most ${MAX_SELECTION}` }]);
    return ids.map((id) => id.toLowerCase());
  }

  /** One print row per badge in the file, once per person downloading it (polling does not count twice). */
  private async recordBulkPrint(auth: AuthContext, orgId: string, eventId: string, fileId: string, selection: string[] | null) {
    await this.repository.transaction(async (tx) => {
      await this.repository.lockRequestKey(tx, `print:${fileId}:${auth.userId}`);
      if (await this.repository.hasPrinted(tx, fileId, auth.userId)) return;
      const ids: string[] = [];
      let afterId: string | null = null;
      for (;;) {
        const page = await this.repository.registrationIdsPage(eventId, selection, afterId, 5000);
        ids.push(...page);
        if (page.length < 5000) break;
        afterId = page[page.length - 1]!;
      }
      await this.repository.recordPrints(
        ids.map((registrationId) => ({ orgId, eventId, registrationId, printedById: auth.userId, kind: selection ? 'selection' : 'event', badgeCount: 1, fileId })),
        tx,
      );
    });
  }

  async prints(auth: AuthContext, eventId: string, query: BadgePrintsQueryDto): Promise<BadgePrintListDto> {
    await this.access.assertEventAccess(auth, eventId, 'badges.read');
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 50;
    const result = await this.repository.listPrints(eventId, query.registrationId, page, pageSize);
    const names = new Map(result.users.map((user) => [user.id, `${user.firstName} ${user.lastName}`.trim()]));
    return {
      items: result.items.map((item) => ({
        id: item.id,
        registrationId: item.registrationId,
        attendeeName: item.registration ? `${item.registration.contact.firstName} ${item.registration.contact.lastName}`.trim() : null,
        kind: item.kind,
        badgeCount: item.badgeCount,
        printedById: item.printedById,
        printedByName: item.printedById ? (names.get(item.printedById) ?? null) : null,
        fileId: item.fileId,
        createdAt: item.createdAt.toISOString(),
      })),
      total: result.total,
      page,
      pageSize,
      badgesPrinted: result.badges,
      registrationsPrinted: result.registrationsPrinted,
      reprinted: result.reprinted,
    };
  }
}
