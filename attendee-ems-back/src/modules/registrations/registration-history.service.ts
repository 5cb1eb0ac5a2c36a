import { Inject, Injectable } from '@nestjs/common';
import type { AuthContext } from '../../common/auth/auth-context.js';
import { scopeOf } from '../../common/auth/auth-context.js';
import { AppException } from '../../common/errors/app-exception.js';
import { ErrorCode } from '../../common/errors/error-codes.js';
import { maskPersonalData } from '../../common/privacy/personal-data-policy.js';
import { EventAccessService } from '../events/event-access.service.js';
import type { HistoryActorDto, HistoryEntryKind, RegistrationHistoryEntryDto, RegistrationHistoryResponseDto } from './registration-history.dto.js';
import { RegistrationHistoryRepository } from './registration-history.repository.js';

type Metadata = Record<string, unknown>;

export interface HistorySources {
  registration: { id: string; status: string; source: string; createdAt: Date };
  audit: Array<{ id: string; action: string; actorUserId: string | null; metadata: unknown; createdAt: Date }>;
  scans: Array<{
    id: string;
    direction: 'in' | 'out';
    gate: string | null;
    operatorId: string | null;
    clientScannedAt: Date | null;
    serverAt: Date;
    undoneAt: Date | null;
    undoneById: string | null;
    session: { name: string } | null;
  }>;
  emails: Array<{ id: string; toAddress: string; subject: string; template: string; status: string; createdAt: Date }>;
  userNames: ReadonlyMap<string, string>;
}

/** Audit metadata keys that describe the change itself rather than a field that changed. */
const NOT_FIELDS = new Set(['eventId', 'from', 'status', 'bulk', 'by']);

const KIND_BY_ACTION: Record<string, HistoryEntryKind> = {
  'registration.update': 'updated',
  'registration.delete': 'deleted',
  'registration.restore': 'restored',
  'registration.credential.revoked': 'credential_revoked',
};

/** The status an email announces, to find the change that sent it. */
const STATUS_OF_TEMPLATE: Record<string, string> = {
  'registration.received': 'awaiting',
  'registration.approved': 'approved',
  'registration.promoted': 'approved',
  'registration.refused': 'refused',
  'registration.waitlisted': 'waitlisted',
  'registration.cancelled': 'cancelled',
};
const CAUSE_WINDOW_MS = 5_000;

/** When two entries share a timestamp, the creation comes first and emails after what caused them. */
const KIND_ORDER: Partial<Record<HistoryEntryKind, number>> = { created: -1, email: 1 };

function blank(id: string, kind: HistoryEntryKind, at: Date, actor: HistoryActorDto | null): RegistrationHistoryEntryDto {
  return {
    id,
    kind,
    at: at.toISOString(),
    actor,
    action: null,
    fromStatus: null,
    toStatus: null,
    source: null,
    bulk: false,
    fields: [],
    gate: null,
    sessionName: null,
    undoneAt: null,
    undoneBy: null,
    template: null,
    subject: null,
    emailStatus: null,
    email: null,
  };
}

/**
 * Puts the sources together into one timeline, oldest first. Pure, so the rules (what counts as a
 * status change, who the actor is, the first status) are readable in one place.
 */
export function buildRegistrationHistory(sources: HistorySources): RegistrationHistoryEntryDto[] {
  const user = (userId: string | null): HistoryActorDto | null => (userId ? { kind: 'user', userId, name: sources.userNames.get(userId) ?? null } : null);
  const actorOf = (userId: string | null, metadata: Metadata): HistoryActorDto => {
    if (userId) return user(userId)!;
    return metadata.by === 'attendee' ? { kind: 'attendee', userId: null, name: null } : { kind: 'system', userId: null, name: null };
  };
  const entries: RegistrationHistoryEntryDto[] = [];
  const audit = sources.audit.map((row) => ({ ...row, metadata: (row.metadata && typeof row.metadata === 'object' ? row.metadata : {}) as Metadata }));
  const statusOf = (action: string) => /^registration\.status\.(\w+)$/.exec(action)?.[1] ?? null;
  const creationRow = audit.find((row) => row.action === 'registration.create');
  const creation = creationRow ? { actor: actorOf(creationRow.actorUserId, creationRow.metadata), status: typeof creationRow.metadata.status === 'string' ? creationRow.metadata.status : null } : null;
  const firstChange = audit.find((row) => statusOf(row.action) !== null);
  // Public registrations are not audited (hot path): the first status is the one the first recorded
  // change started from, else the current one.
  const firstStatus = creation?.status ?? (typeof firstChange?.metadata.from === 'string' ? firstChange.metadata.from : null) ?? (firstChange ? null : sources.registration.status);
  let current = firstStatus;

  for (const row of audit) {
    const { metadata } = row;
    const fields = Object.keys(metadata).filter((key) => !NOT_FIELDS.has(key));
    if (row.action === 'registration.create') continue;
    const to = statusOf(row.action);
    if (to) {
      // The attendee's own cancellation records no `from`: it is the status the story was at.
      const from = typeof metadata.from === 'string' ? metadata.from : current;
      current = to;
      // The same status asked again changed nothing (unless other fields came with it).
      if (from === to && fields.length === 0) continue;
      entries.push({
        ...blank(`audit:${row.id}`, 'status_changed', row.createdAt, actorOf(row.actorUserId, metadata)),
        action: row.action,
        fromStatus: from,
        toStatus: to,
        bulk: metadata.bulk === true,
        fields,
      });
      continue;
    }
    const kind = KIND_BY_ACTION[row.action] ?? 'other';
    entries.push({ ...blank(`audit:${row.id}`, kind, row.createdAt, actorOf(row.actorUserId, metadata)), action: row.action, fields: kind === 'updated' ? fields : [] });
  }

  const { registration } = sources;
  const createdBy = creation?.actor ?? (registration.source === 'public' ? { kind: 'attendee' as const, userId: null, name: null } : null);
  entries.push({ ...blank('created', 'created', registration.createdAt, createdBy), source: registration.source, toStatus: firstStatus });

  for (const scan of sources.scans) {
    entries.push({
      ...blank(`scan:${scan.id}`, scan.direction === 'in' ? 'checked_in' : 'checked_out', scan.clientScannedAt ?? scan.serverAt, user(scan.operatorId)),
      gate: scan.gate,
      sessionName: scan.session?.name ?? null,
      undoneAt: scan.undoneAt?.toISOString() ?? null,
      undoneBy: user(scan.undoneById),
    });
  }

  // An email written in the same transaction as the change that caused it may carry a timestamp a
  // few milliseconds before the change's audit row: it is placed right after its cause.
  const sortAt = new Map<RegistrationHistoryEntryDto, number>(entries.map((entry) => [entry, Date.parse(entry.at)]));
  for (const email of sources.emails) {
    const entry: RegistrationHistoryEntryDto = {
      ...blank(`email:${email.id}`, 'email', email.createdAt, { kind: 'system', userId: null, name: null }),
      template: email.template,
      subject: email.subject,
      emailStatus: email.status,
      email: email.toAddress,
    };
    const status = STATUS_OF_TEMPLATE[email.template];
    const sentAt = email.createdAt.getTime();
    const cause = status
      ? entries
          .filter((candidate) => (candidate.kind === 'created' || candidate.kind === 'status_changed') && candidate.toStatus === status)
          .map((candidate) => ({ candidate, distance: Math.abs(Date.parse(candidate.at) - sentAt) }))
          .filter(({ distance }) => distance <= CAUSE_WINDOW_MS)
          .sort((a, b) => a.distance - b.distance)[0]?.candidate
      : undefined;
    sortAt.set(entry, cause ? Math.max(sentAt, Date.parse(cause.at)) : sentAt);
    entries.push(entry);
  }

  return entries.sort((a, b) => sortAt.get(a)! - sortAt.get(b)! || (KIND_ORDER[a.kind] ?? 0) - (KIND_ORDER[b.kind] ?? 0));
}

@Injectable()
export class RegistrationHistoryService {
  constructor(
    @Inject(RegistrationHistoryRepository) private readonly repository: RegistrationHistoryRepository,
    @Inject(EventAccessService) private readonly access: EventAccessService,
  ) {}

  async history(auth: AuthContext, eventId: string, registrationId: string): Promise<RegistrationHistoryResponseDto> {
    await this.access.assertEventAccess(auth, eventId, 'registrations.read');
    const orgId = auth.orgId!;
    const registration = await this.repository.findRegistration(orgId, eventId, registrationId);
    if (!registration) throw AppException.notFound('Registration', ErrorCode.REGISTRATION_NOT_FOUND);
    const canReadEmails = await this.mayReadEmails(auth, eventId);
    const [audit, scans, emails] = await Promise.all([
      this.repository.auditEntries(orgId, registrationId),
      this.repository.acceptedScans(eventId, registrationId),
      canReadEmails ? this.repository.emails(orgId, registrationId) : Promise.resolve([]),
    ]);
    const userIds = new Set<string>();
    for (const row of audit) if (row.actorUserId) userIds.add(row.actorUserId);
    for (const scan of scans) {
      if (scan.operatorId) userIds.add(scan.operatorId);
      if (scan.undoneById) userIds.add(scan.undoneById);
    }
    const users = await this.repository.userNames([...userIds]);
    const items = buildRegistrationHistory({
      registration,
      audit,
      scans,
      emails,
      userNames: new Map(users.map((row) => [row.id, `${row.firstName} ${row.lastName}`.trim()])),
    });
    return { registrationId, timezone: registration.event.timezone, items: items.map((item) => maskPersonalData(auth, item)) };
  }

  /** The emails sent are the email log's business: shown to those who may read this event's log. */
  private async mayReadEmails(auth: AuthContext, eventId: string): Promise<boolean> {
    if (!scopeOf(auth, 'emails.read')) return false;
    try {
      await this.access.assertEventAccess(auth, eventId, 'emails.read');
      return true;
    } catch (error) {
      if (error instanceof AppException) return false;
      throw error;
    }
  }
}
