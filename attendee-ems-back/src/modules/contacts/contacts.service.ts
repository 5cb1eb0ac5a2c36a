import { Inject, Injectable } from '@nestjs/common';
import type { AuthContext } from '../../common/auth/auth-context.js';
import { assertPermission } from '../../common/auth/auth-context.js';
import { AppException } from '../../common/errors/app-exception.js';
import { ErrorCode } from '../../common/errors/error-codes.js';
import { maskPersonalData } from '../../common/privacy/personal-data-policy.js';
import type { Prisma } from '../../generated/prisma/client.js';
import type { PermissionKey } from '../rbac/permission-registry.js';
import { AuditService } from '../audit/audit.service.js';
import {
  MERGEABLE_FIELDS,
  maskContact,
  toContactResponse,
  type AddNoteDto,
  type ContactDetailDto,
  type ContactListResponseDto,
  type ContactNoteDto,
  type ContactResponseDto,
  type ContactRevisionDto,
  type ContactRow,
  type CreateContactDto,
  type CustomFieldKeysDto,
  type DuplicateReason,
  type DuplicatesQueryDto,
  type DuplicatesResponseDto,
  type ListContactsQueryDto,
  type MergeContactDto,
  type UpdateContactDto,
} from './contacts.dto.js';
import { ContactsRepository, type ContactScope, type Tx } from './contacts.repository.js';

/** Contacts recomputed before the duplicates page is read (about 0.5 ms each); a bigger backlog (an import just run) is the worker's. */
const DUPLICATES_DRAINED_ON_READ = 2_000;

@Injectable()
export class ContactsService {
  constructor(
    @Inject(ContactsRepository) private readonly repository: ContactsRepository,
    @Inject(AuditService) private readonly audit: AuditService,
  ) {}

  /** The organisation (and, for an `assigned` grant, the caller's events) that `permission` lets the caller see. */
  scopeFor(auth: AuthContext, permission: PermissionKey): ContactScope {
    const scope = assertPermission(auth, permission);
    if (!auth.orgId) throw AppException.notFound('Contact', ErrorCode.CONTACT_NOT_FOUND);
    return { orgId: auth.orgId, ...(scope === 'org' ? {} : { assignedUserId: auth.userId }) };
  }

  async list(auth: AuthContext, query: ListContactsQueryDto): Promise<ContactListResponseDto> {
    const scope = this.scopeFor(auth, 'attendees.read');
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 50;
    const { rows, total, totalCapped } = await this.repository.list(scope, query, { offset: (page - 1) * pageSize, limit: pageSize });
    const items = rows.map((row) => maskContact(auth, { ...toContactResponse(row), score: row.score === null || row.score === undefined ? null : Number(row.score) }));
    return { items, total, totalCapped, page, pageSize };
  }

  async get(auth: AuthContext, id: string): Promise<ContactDetailDto> {
    const scope = this.scopeFor(auth, 'attendees.read');
    const row = await this.findOrThrow(this.repository.prisma, scope, id);
    const [registrations, notes] = await Promise.all([this.repository.registrations(this.repository.prisma, id), this.repository.notes(this.repository.prisma, id)]);
    const now = Date.now();
    const active = registrations.filter((r) => r.status !== 'cancelled' && r.status !== 'refused');
    const approved = registrations.filter((r) => r.status === 'approved');
    const attended = registrations.filter((r) => r.checkedInAt);
    const stats = {
      registrations: active.length,
      approved: approved.length,
      attended: attended.length,
      cancelled: registrations.filter((r) => r.status === 'cancelled').length,
      noShows: approved.filter((r) => !r.checkedInAt && r.eventEndAt.getTime() < now).length,
      attendanceRate: approved.length ? Math.round((attended.length / approved.length) * 1000) / 1000 : 0,
    };
    return {
      ...maskContact(auth, toContactResponse(row)),
      notes: notes.map(toNote),
      registrations: registrations.map((r) => ({
        id: r.id,
        eventId: r.eventId,
        eventName: r.eventName,
        eventStartAt: r.eventStartAt.toISOString(),
        status: r.status,
        attendeeTypeName: r.attendeeTypeName,
        checkedInAt: r.checkedInAt?.toISOString() ?? null,
        createdAt: r.createdAt.toISOString(),
      })),
      stats,
    };
  }

  async revisions(auth: AuthContext, id: string): Promise<ContactRevisionDto[]> {
    const scope = this.scopeFor(auth, 'attendees.read');
    await this.findOrThrow(this.repository.prisma, scope, id, true);
    const rows = await this.repository.revisions(this.repository.prisma, id);
    return rows.map((row) => ({
      id: row.id,
      source: row.source,
      actorUserId: row.actorUserId,
      changes: maskChanges(auth, row.changes as Record<string, { before: unknown; after: unknown }>),
      createdAt: row.createdAt.toISOString(),
    }));
  }

  async create(auth: AuthContext, dto: CreateContactDto): Promise<ContactResponseDto> {
    const scope = this.scopeFor(auth, 'attendees.create');
    const email = dto.email.toLowerCase();
    const id = await this.repository.transaction(async (tx) => {
      if (await this.repository.emailTaken(tx, scope.orgId, email)) throw AppException.conflict(ErrorCode.EMAIL_TAKEN, 'A contact with this email already exists.');
      await this.repository.setRevisionAuthor(tx, 'manual', auth.userId);
      const created = await tx.contact.create({
        data: {
          orgId: scope.orgId,
          email,
          firstName: dto.firstName,
          lastName: dto.lastName,
          phone: dto.phone ?? null,
          company: dto.company ?? null,
          jobTitle: dto.jobTitle ?? null,
          country: dto.country?.toUpperCase() ?? null,
          labels: normaliseLabels(dto.labels ?? []),
          customFields: (dto.customFields ?? {}) as Prisma.InputJsonValue,
        },
        select: { id: true },
      });
      await this.audit.record(auth, { action: 'contact.created', targetType: 'contact', targetId: created.id }, tx);
      return created.id;
    });
    return maskContact(auth, toContactResponse((await this.repository.findOne(this.repository.prisma, scope, id))!));
  }

  async update(auth: AuthContext, id: string, dto: UpdateContactDto): Promise<ContactResponseDto> {
    const scope = this.scopeFor(auth, 'attendees.update');
    await this.repository.transaction(async (tx) => {
      await this.findOrThrow(tx, scope, id, false, true);
      if (dto.email !== undefined && (await this.repository.emailTaken(tx, scope.orgId, dto.email.toLowerCase(), id))) {
        throw AppException.conflict(ErrorCode.EMAIL_TAKEN, 'Another contact already has this email.');
      }
      await this.repository.setRevisionAuthor(tx, 'manual', auth.userId);
      await tx.contact.update({
        where: { id },
        data: {
          ...(dto.email !== undefined ? { email: dto.email.toLowerCase() } : {}),
          ...(dto.firstName !== undefined ? { firstName: dto.firstName } : {}),
          ...(dto.lastName !== undefined ? { lastName: dto.lastName } : {}),
          ...(dto.phone !== undefined ? { phone: dto.phone || null } : {}),
          ...(dto.company !== undefined ? { company: dto.company || null } : {}),
          ...(dto.jobTitle !== undefined ? { jobTitle: dto.jobTitle || null } : {}),
          ...(dto.country !== undefined ? { country: dto.country ? dto.country.toUpperCase() : null } : {}),
          ...(dto.labels !== undefined ? { labels: normaliseLabels(dto.labels) } : {}),
          ...(dto.customFields !== undefined ? { customFields: dto.customFields as Prisma.InputJsonValue } : {}),
        },
      });
      await this.audit.record(auth, { action: 'contact.updated', targetType: 'contact', targetId: id, metadata: { fields: Object.keys(dto) } }, tx);
    });
    return maskContact(auth, toContactResponse((await this.repository.findOne(this.repository.prisma, scope, id))!));
  }

  async addNote(auth: AuthContext, id: string, dto: AddNoteDto): Promise<ContactNoteDto> {
    const scope = this.scopeFor(auth, 'attendees.update');
    await this.findOrThrow(this.repository.prisma, scope, id);
    const note = await this.repository.prisma.contactNote.create({
      data: { orgId: scope.orgId, contactId: id, authorId: auth.userId, body: dto.body },
      select: { id: true, body: true, authorId: true, createdAt: true },
    });
    return toNote(note);
  }

  async removeNote(auth: AuthContext, id: string, noteId: string): Promise<void> {
    const scope = this.scopeFor(auth, 'attendees.update');
    await this.findOrThrow(this.repository.prisma, scope, id);
    const removed = await this.repository.prisma.contactNote.deleteMany({ where: { id: noteId, contactId: id, orgId: scope.orgId } });
    if (!removed.count) throw AppException.notFound('Note');
  }

  async customFieldKeys(auth: AuthContext): Promise<CustomFieldKeysDto> {
    const scope = this.scopeFor(auth, 'attendees.read');
    return { keys: await this.repository.customFieldKeys(scope.orgId) };
  }

  async duplicates(auth: AuthContext, query: DuplicatesQueryDto): Promise<DuplicatesResponseDto> {
    const scope = this.scopeFor(auth, 'attendees.read');
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    // The organisation's latest changes first (the worker drains the rest every minute).
    await this.repository.drainDuplicateQueue(scope.orgId, DUPLICATES_DRAINED_ON_READ);
    const { pairs, total } = await this.repository.duplicatePairs(scope, { offset: (page - 1) * pageSize, limit: pageSize });
    const ids = [...new Set(pairs.flatMap((pair) => [pair.aId, pair.bId]))];
    const rows = new Map((await this.repository.findMany(scope, ids)).map((row) => [row.id, row]));
    const items = pairs
      .filter((pair) => rows.has(pair.aId) && rows.has(pair.bId))
      .map((pair) => ({
        a: maskContact(auth, toContactResponse(rows.get(pair.aId)!)),
        b: maskContact(auth, toContactResponse(rows.get(pair.bId)!)),
        score: Math.round(pair.score * 1000) / 1000,
        reasons: pair.reasons as DuplicateReason[],
      }));
    return { items, total, page, pageSize };
  }

  /**
   * Merges `otherId` into `id`: registrations, notes and revisions move, the chosen fields are kept
   * and the other contact is removed, in one transaction. Both holding an active registration for
   * the same event is refused (409 MERGE_CONFLICTING_REGISTRATIONS): cancel one first, so the
   * one-active-registration-per-person rule never silently drops a registration.
   */
  async merge(auth: AuthContext, id: string, dto: MergeContactDto): Promise<ContactResponseDto> {
    const scope = this.scopeFor(auth, 'attendees.update');
    if (dto.otherId === id) throw AppException.badRequest(ErrorCode.MERGE_SAME_CONTACT, 'A contact cannot be merged with itself.');
    await this.repository.transaction(async (tx) => {
      // Lock both rows in id order so two opposite merges cannot deadlock.
      const [first, second] = [id, dto.otherId].sort();
      await this.findOrThrow(tx, scope, first!, false, true);
      await this.findOrThrow(tx, scope, second!, false, true);
      const keep = (await this.repository.findOne(tx, scope, id))!;
      const other = (await this.repository.findOne(tx, scope, dto.otherId))!;
      const conflicts = await this.repository.conflictingEvents(tx, id, dto.otherId);
      if (conflicts.length) {
        throw AppException.conflict(ErrorCode.MERGE_CONFLICTING_REGISTRATIONS, 'Both contacts are registered to the same event: cancel one of the registrations first.', {
          events: conflicts,
        });
      }
      await this.repository.setRevisionAuthor(tx, 'merge', auth.userId);
      const moved = await this.repository.absorb(tx, id, dto.otherId);
      const data: Record<string, unknown> = {};
      for (const field of MERGEABLE_FIELDS) {
        const choice = dto.fields?.[field] ?? (keep[field] === null || keep[field] === '' ? 'other' : 'this');
        if (choice === 'other' && other[field] !== keep[field]) data[field] = other[field];
      }
      await tx.contact.update({
        where: { id },
        data: {
          ...data,
          labels: normaliseLabels([...(keep.labels ?? []), ...(other.labels ?? [])]),
          customFields: { ...(other.customFields as object), ...(keep.customFields as object) } as Prisma.InputJsonValue,
        },
      });
      const snapshot = Object.fromEntries([...MERGEABLE_FIELDS, 'labels', 'customFields'].map((field) => [field, other[field as keyof ContactRow] ?? null]));
      await tx.contactRevision.create({
        data: {
          orgId: scope.orgId,
          contactId: id,
          actorUserId: auth.userId,
          source: 'merge',
          changes: { mergedContact: { before: { id: other.id, ...snapshot }, after: null }, registrations: { before: null, after: moved } } as Prisma.InputJsonValue,
        },
      });
      await this.audit.record(
        auth,
        { action: 'contact.merged', targetType: 'contact', targetId: id, metadata: { mergedContactId: other.id, movedRegistrationIds: moved, fieldsFromOther: Object.keys(data) } },
        tx,
      );
    });
    return maskContact(auth, toContactResponse((await this.repository.findOne(this.repository.prisma, scope, id))!));
  }

  /** Hides the contact from the default list; history, registrations and notes stay. Idempotent. */
  async deactivate(auth: AuthContext, id: string): Promise<ContactResponseDto> {
    return this.setDeactivated(auth, id, true);
  }

  async restore(auth: AuthContext, id: string): Promise<ContactResponseDto> {
    return this.setDeactivated(auth, id, false);
  }

  private async setDeactivated(auth: AuthContext, id: string, deactivated: boolean): Promise<ContactResponseDto> {
    const scope = this.scopeFor(auth, 'attendees.delete');
    await this.repository.transaction(async (tx) => {
      await this.findOrThrow(tx, scope, id, false, true);
      if (await this.repository.setDeactivated(tx, id, deactivated)) {
        await this.audit.record(auth, { action: deactivated ? 'contact.deactivated' : 'contact.restored', targetType: 'contact', targetId: id }, tx);
      }
    });
    return maskContact(auth, toContactResponse((await this.repository.findOne(this.repository.prisma, scope, id))!));
  }

  private async findOrThrow(db: Tx | ContactsRepository['prisma'], scope: ContactScope, id: string, includeErased = false, forUpdate = false): Promise<ContactRow> {
    const row = await this.repository.findOne(db, scope, id, { includeErased, forUpdate });
    if (!row) throw AppException.notFound('Contact', ErrorCode.CONTACT_NOT_FOUND);
    return row;
  }
}

function normaliseLabels(labels: string[]): string[] {
  return [...new Set(labels.map((label) => label.trim()).filter(Boolean))].sort((a, b) => a.localeCompare(b));
}

function toNote(note: { id: string; body: string; authorId: string | null; createdAt: Date }): ContactNoteDto {
  return { id: note.id, body: note.body, authorId: note.authorId, createdAt: note.createdAt.toISOString() };
}

const MASKED_REVISION_FIELDS = ['email', 'phone', 'company', 'job_title', 'country'];

/** Revisions carry before/after values: door roles must not read masked fields through them. */
function maskChanges(auth: AuthContext, changes: Record<string, { before: unknown; after: unknown }>) {
  const masked = maskPersonalData(auth, { email: 'x' });
  if (masked.email !== null) return changes;
  return Object.fromEntries(Object.entries(changes).map(([field, change]) => [field, MASKED_REVISION_FIELDS.includes(field) ? { before: null, after: null } : change]));
}
