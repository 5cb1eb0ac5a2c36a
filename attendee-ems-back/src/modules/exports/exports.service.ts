import type { Writable } from 'node:stream';
import { Inject, Injectable } from '@nestjs/common';
import type { AuthContext } from '../../common/auth/auth-context.js';
import { AppException } from '../../common/errors/app-exception.js';
import { ErrorCode } from '../../common/errors/error-codes.js';
import { JobsService } from '../../infra/jobs/jobs.service.js';
import { StorageService } from '../../infra/storage/storage.service.js';
import { AuditService } from '../audit/audit.service.js';
import { ContactsService } from '../contacts/contacts.service.js';
import { EventAccessService } from '../events/event-access.service.js';
import { ExportSources, today, type ExportSource, type Viewer } from './export-sources.js';
import type { CreateExportDto, ExportCheckInsQueryDto, ExportContactsQueryDto, ExportJobDto, ExportRegistrationsQueryDto } from './exports.dto.js';
import { ExportsRepository } from './exports.repository.js';
import { CONTENT_TYPES, createSheetWriter, type ExportFormat } from './spreadsheet-writer.js';

/** A file ready to stream: the caller sets the headers, then `write` fills the stream and ends it. */
export interface ExportFile {
  filename: string;
  contentType: string;
  write(out: Writable): Promise<number>;
}

export const EXPORT_BUILD_QUEUE = 'exports.build';
export const DOWNLOAD_URL_TTL_SECONDS = 300;

export interface ExportJobData {
  fileId: string;
  orgId: string;
  kind: CreateExportDto['kind'];
  format: ExportFormat;
  eventId: string | null;
  columns: string[];
  filters: NonNullable<CreateExportDto['filters']>;
  viewer: Viewer;
  /** For an `assigned` contacts scope. */
  assignedUserId?: string;
}

const viewerOf = (auth: AuthContext): Viewer => ({ isSuperAdmin: auth.isSuperAdmin, role: auth.role });

@Injectable()
export class ExportsService {
  constructor(
    @Inject(ExportsRepository) private readonly repository: ExportsRepository,
    @Inject(ExportSources) private readonly sources: ExportSources,
    @Inject(ContactsService) private readonly contactsService: ContactsService,
    @Inject(EventAccessService) private readonly access: EventAccessService,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(JobsService) private readonly jobs: JobsService,
    @Inject(StorageService) private readonly storage: StorageService,
  ) {}

  async registrations(auth: AuthContext, eventId: string, query: ExportRegistrationsQueryDto): Promise<ExportFile> {
    await this.access.assertEventAccess(auth, eventId, 'registrations.export');
    const source = await this.sources.registrations(viewerOf(auth), eventId, query.columns, query.status);
    const format = query.format ?? 'csv';
    await this.audit.record(auth, { action: 'registrations.exported', targetType: 'event', targetId: eventId, metadata: { format, columns: source.columns } });
    return toFile(source, format);
  }

  async contactsFile(auth: AuthContext, query: ExportContactsQueryDto): Promise<ExportFile> {
    const scope = this.contactsService.scopeFor(auth, 'attendees.export');
    const { format: requestedFormat, columns, ...filters } = query;
    const source = await this.sources.contactsOf(viewerOf(auth), scope, filters, columns);
    const format = requestedFormat ?? 'csv';
    await this.audit.record(auth, { action: 'contacts.exported', targetType: 'organization', targetId: scope.orgId, metadata: { format, columns: source.columns } });
    return toFile(source, format);
  }

  async checkIns(auth: AuthContext, eventId: string, query: ExportCheckInsQueryDto): Promise<ExportFile> {
    await this.access.assertEventAccess(auth, eventId, 'registrations.export');
    const source = await this.sources.checkIns(viewerOf(auth), eventId, query.columns);
    const format = query.format ?? 'csv';
    await this.audit.record(auth, { action: 'check_ins.exported', targetType: 'event', targetId: eventId, metadata: { format, columns: source.columns } });
    return toFile(source, format);
  }

  /** Starts a background export (202): the worker streams it to private storage with progress; GET /exports/:id gives the link. */
  async start(auth: AuthContext, dto: CreateExportDto): Promise<ExportJobDto> {
    const viewer = viewerOf(auth);
    let orgId: string;
    let assignedUserId: string | undefined;
    let source: ExportSource;
    const filters = dto.filters ?? {};
    if (dto.kind === 'contacts') {
      const scope = this.contactsService.scopeFor(auth, 'attendees.export');
      ({ orgId, assignedUserId } = scope);
      const { registrationStatus: _ignored, ...contactFilters } = filters;
      source = await this.sources.contactsOf(viewer, scope, contactFilters, dto.columns);
    } else {
      if (!dto.eventId) throw AppException.badRequest(ErrorCode.VALIDATION_FAILED, 'eventId is required for this export.', [{ field: 'eventId', code: 'required', message: 'eventId is required for registrations and check-ins' }]);
      orgId = (await this.access.assertEventAccess(auth, dto.eventId, 'registrations.export')).orgId;
      source =
        dto.kind === 'registrations'
          ? await this.sources.registrations(viewer, dto.eventId, dto.columns, filters.registrationStatus)
          : await this.sources.checkIns(viewer, dto.eventId, dto.columns);
    }
    const total = await source.count();
    const file = await this.repository.createFile({
      orgId,
      eventId: dto.kind === 'contacts' ? null : dto.eventId!,
      kind: `export.${dto.kind}.${dto.format}`,
      requestKey: `export:${dto.kind}:${Date.now()}`,
      total,
      createdById: auth.userId,
    });
    const data: ExportJobData = { fileId: file.id, orgId, kind: dto.kind, format: dto.format, eventId: dto.eventId ?? null, columns: source.columns, filters, viewer, ...(assignedUserId ? { assignedUserId } : {}) };
    try {
      await this.jobs.send(EXPORT_BUILD_QUEUE, data, { id: file.id, retryLimit: 1, retryDelay: 5, expireInSeconds: 60 * 60 });
    } catch (error) {
      await this.repository.updateFile(file.id, { status: 'failed', error: 'could not queue the job', finishedAt: new Date() });
      throw error;
    }
    await this.audit.record(auth, { action: `${dto.kind.replace('-', '_')}.exported`, targetType: 'export', targetId: file.id, metadata: { format: dto.format, columns: source.columns, background: true } });
    return this.toDto((await this.repository.findFileById(file.id))!);
  }

  async get(auth: AuthContext, id: string): Promise<ExportJobDto> {
    const file = auth.orgId ? await this.repository.findFile(auth.orgId, id) : null;
    // Only the person who asked sees the file: it carries what their role was allowed to read.
    if (!file || file.createdById !== auth.userId) throw AppException.notFound('Export', ErrorCode.EXPORT_NOT_FOUND);
    return this.toDto(file);
  }

  private async toDto(file: NonNullable<Awaited<ReturnType<ExportsRepository['findFileById']>>>): Promise<ExportJobDto> {
    const [, kind, format] = file.kind.split('.');
    return {
      id: file.id,
      kind: kind as ExportJobDto['kind'],
      format: format as ExportFormat,
      status: file.status,
      progress: file.progress,
      total: file.total,
      downloadUrl: file.status === 'done' && file.storageKey ? await this.storage.signedUrl(file.storageKey, DOWNLOAD_URL_TTL_SECONDS) : null,
      error: file.error,
      createdAt: file.createdAt.toISOString(),
      finishedAt: file.finishedAt?.toISOString() ?? null,
    };
  }
}

export function toFile(source: ExportSource, format: ExportFormat): ExportFile {
  return {
    filename: `${source.name}-${today()}.${format}`,
    contentType: CONTENT_TYPES[format],
    write: (out) => writeSource(source, format, out),
  };
}

/** Streams every batch through the sheet writer (back-pressure respected); returns the row count. */
export async function writeSource(source: ExportSource, format: ExportFormat, out: Writable, onBatch?: (rows: number) => Promise<void>): Promise<number> {
  const writer = createSheetWriter(format, out, source.columns);
  let count = 0;
  for await (const batch of source.batches()) {
    await writer.rows(batch);
    count += batch.length;
    await onBatch?.(count);
  }
  await writer.end();
  return count;
}
