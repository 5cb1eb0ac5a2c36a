import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import type { AuthContext } from '../../common/auth/auth-context.js';
import { AppException } from '../../common/errors/app-exception.js';
import { ErrorCode } from '../../common/errors/error-codes.js';
import { JobsService } from '../../infra/jobs/jobs.service.js';
import { EventAccessService } from '../events/event-access.service.js';
import type { BulkOperationDto, CreateBulkOperationDto } from './bulk-operations.dto.js';
import { BulkOperationsRepository, type BulkOperationRow } from './bulk-operations.repository.js';
import { RegistrationListFiltersService } from './registration-list-filters.service.js';

export const BULK_STATUS_QUEUE = 'registrations.bulk-status';
/** "Everything matching" is refused above this many registrations: narrow the filter. */
export const BULK_MAX_REGISTRATIONS = 100_000;

export interface BulkStatusJobData {
  operationId: string;
}

function toDto(row: BulkOperationRow): BulkOperationDto {
  return {
    id: row.id,
    eventId: row.eventId,
    action: row.action,
    status: row.status,
    total: row.total,
    done: row.done,
    updated: row.updated,
    skipped: row.skipped as Record<string, number>,
    error: row.error,
    createdAt: row.createdAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}

/**
 * Status changes on a selection or on everything matching the list's filters, as a background job:
 * the targets are fixed when asked (what the organiser saw), the worker applies them one by one
 * with the same rules as a single change (capacity, emails, audit), and progress is kept on the row.
 */
@Injectable()
export class BulkOperationsService {
  constructor(
    @Inject(BulkOperationsRepository) private readonly repository: BulkOperationsRepository,
    @Inject(EventAccessService) private readonly access: EventAccessService,
    @Inject(JobsService) private readonly jobs: JobsService,
    @Inject(RegistrationListFiltersService) private readonly listFilters: RegistrationListFiltersService,
  ) {}

  async create(auth: AuthContext, eventId: string, dto: CreateBulkOperationDto): Promise<BulkOperationDto> {
    await this.access.assertEventAccess(auth, eventId, 'registrations.approve');
    if ((dto.ids === undefined) === (dto.filter === undefined)) {
      throw AppException.badRequest(ErrorCode.VALIDATION_FAILED, 'Give either ids (a selection) or filter (everything matching), not both.', [
        { field: dto.ids ? 'filter' : 'ids', code: 'exclusive', message: 'Give either ids or filter' },
      ]);
    }
    const orgId = auth.orgId!;
    const targetIds = dto.ids
      ? await this.repository.existingIds(orgId, eventId, [...new Set(dto.ids)])
      : await this.repository.matchingIds({ ...(await this.listFilters.resolve(auth, eventId, dto.filter!, 'registrations.approve')), orgId, eventId }, BULK_MAX_REGISTRATIONS + 1);
    if (targetIds.length > BULK_MAX_REGISTRATIONS) {
      throw new AppException(HttpStatus.UNPROCESSABLE_ENTITY, ErrorCode.BULK_TOO_MANY_REGISTRATIONS, `More than ${BULK_MAX_REGISTRATIONS} registrations match: narrow the filter.`, undefined, {
        max: BULK_MAX_REGISTRATIONS,
      });
    }
    const row = await this.repository.create({ orgId, eventId, action: dto.status, targetIds, filter: dto.filter ? { ...dto.filter } : null, createdById: auth.userId });
    if (targetIds.length === 0) {
      await this.repository.finish(row.id, null);
      return toDto((await this.repository.findById(row.id))!);
    }
    await this.jobs.send(BULK_STATUS_QUEUE, { operationId: row.id } satisfies BulkStatusJobData, { singletonKey: row.id, retryLimit: 3 });
    return toDto(row);
  }

  async get(auth: AuthContext, eventId: string, operationId: string): Promise<BulkOperationDto> {
    await this.access.assertEventAccess(auth, eventId, 'registrations.read');
    const row = await this.repository.find(auth.orgId!, eventId, operationId);
    if (!row) throw AppException.notFound('Bulk operation', ErrorCode.BULK_OPERATION_NOT_FOUND);
    return toDto(row);
  }
}
