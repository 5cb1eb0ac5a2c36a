import { Inject, Injectable } from '@nestjs/common';
import type { Prisma } from '../../generated/prisma/client.js';
import { PrismaService } from '../../infra/database/prisma.service.js';

export type Tx = Prisma.TransactionClient;
type Db = Tx | PrismaService;

const TEMPLATE_SELECT = { id: true, orgId: true, eventId: true, name: true, layout: true, isDefault: true, createdAt: true, updatedAt: true } as const;
export type TemplateRow = Prisma.BadgeTemplateGetPayload<{ select: typeof TEMPLATE_SELECT }>;

/** What a badge needs from a registration (and nothing else: no email, no phone). */
const BADGE_REGISTRATION_SELECT = {
  id: true,
  status: true,
  confirmationNumber: true,
  credential: true,
  snapshot: true,
  answers: true,
  badgeTemplateId: true,
  eventAttendeeTypeId: true,
  locale: true,
  contact: { select: { firstName: true, lastName: true, company: true, jobTitle: true } },
  eventAttendeeType: { select: { attendeeType: { select: { name: true, color: true, textColor: true } } } },
} as const;
export type BadgeRegistrationRow = Prisma.RegistrationGetPayload<{ select: typeof BADGE_REGISTRATION_SELECT }>;

interface SingleBadgeRow {
  eventName: string;
  startAt: Date;
  endAt: Date;
  timezone: string;
  id: string | null;
  status: string | null;
  confirmationNumber: string | null;
  credential: string | null;
  snapshot: unknown;
  answers: unknown;
  badgeTemplateId: string | null;
  eventAttendeeTypeId: string | null;
  locale: string | null;
  firstName: string | null;
  lastName: string | null;
  company: string | null;
  jobTitle: string | null;
  typeName: string | null;
  typeColor: string | null;
  typeTextColor: string | null;
  templatesPart: string;
  rulesPart: string;
}

export interface SingleBadgeInputs {
  event: { id: string; orgId: string; name: string; startAt: Date; endAt: Date; timezone: string };
  registration: BadgeRegistrationRow | null;
  /** Changes whenever a template of the org/event or a rule of the event is created, changed or deleted. */
  fingerprint: string;
}

export interface RuleRow {
  id: string;
  eventAttendeeTypeId: string;
  templateId: string;
  priority: number;
}

@Injectable()
export class BadgesRepository {
  constructor(@Inject(PrismaService) private readonly prisma: PrismaService) {}

  /**
   * Short transactions; the limits are generous so a starved machine (a bulk render on the same
   * cores) delays them instead of failing them with Prisma's 5 s default.
   */
  transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    return this.prisma.$transaction(work, { maxWait: 15_000, timeout: 30_000 });
  }

  listTemplates(orgId: string, eventId: string | null, includeOrgWide: boolean) {
    return this.prisma.badgeTemplate.findMany({
      where: { orgId, deletedAt: null, OR: [...(eventId ? [{ eventId }] : []), ...(includeOrgWide || !eventId ? [{ eventId: null }] : [])] },
      select: TEMPLATE_SELECT,
      orderBy: [{ eventId: { sort: 'asc', nulls: 'first' } }, { name: 'asc' }, { id: 'asc' }],
      take: 500,
    });
  }

  findTemplate(orgId: string, id: string, db: Db = this.prisma) {
    return db.badgeTemplate.findFirst({ where: { id, orgId, deletedAt: null }, select: TEMPLATE_SELECT });
  }

  /** Clears the other default of the same scope first: the partial unique index allows one. */
  async clearDefault(tx: Tx, orgId: string, eventId: string | null, exceptId?: string) {
    await tx.badgeTemplate.updateMany({ where: { orgId, eventId, isDefault: true, deletedAt: null, ...(exceptId ? { id: { not: exceptId } } : {}) }, data: { isDefault: false } });
  }

  createTemplate(tx: Tx, data: { orgId: string; eventId: string | null; name: string; layout: Prisma.InputJsonValue; isDefault: boolean }) {
    return tx.badgeTemplate.create({ data, select: TEMPLATE_SELECT });
  }

  updateTemplate(tx: Tx, id: string, data: { name?: string; layout?: Prisma.InputJsonValue; isDefault?: boolean }) {
    return tx.badgeTemplate.update({ where: { id }, data, select: TEMPLATE_SELECT });
  }

  async softDeleteTemplate(tx: Tx, id: string) {
    await tx.badgeTemplateRule.deleteMany({ where: { templateId: id } });
    await tx.registration.updateMany({ where: { badgeTemplateId: id }, data: { badgeTemplateId: null } });
    await tx.badgeTemplate.update({ where: { id }, data: { deletedAt: new Date(), isDefault: false } });
  }

  listRules(eventId: string): Promise<RuleRow[]> {
    return this.prisma.badgeTemplateRule.findMany({
      where: { eventId, template: { deletedAt: null } },
      select: { id: true, eventAttendeeTypeId: true, templateId: true, priority: true },
      orderBy: [{ priority: 'desc' }, { createdAt: 'asc' }, { id: 'asc' }],
    });
  }

  async replaceRules(tx: Tx, orgId: string, eventId: string, rules: Array<{ eventAttendeeTypeId: string; templateId: string; priority: number }>) {
    await tx.badgeTemplateRule.deleteMany({ where: { eventId } });
    if (rules.length) await tx.badgeTemplateRule.createMany({ data: rules.map((rule) => ({ ...rule, orgId, eventId })) });
  }

  countEventAttendeeTypes(eventId: string, ids: string[]) {
    return ids.length ? this.prisma.eventAttendeeType.count({ where: { eventId, id: { in: ids } } }) : Promise.resolve(0);
  }

  /** Templates usable for an event: its own and the organisation-wide ones (not deleted). */
  countUsableTemplates(orgId: string, eventId: string, ids: string[]) {
    return ids.length ? this.prisma.badgeTemplate.count({ where: { orgId, deletedAt: null, id: { in: ids }, OR: [{ eventId }, { eventId: null }] } }) : Promise.resolve(0);
  }

  /** Everything template resolution needs for one event, in two queries. */
  async resolutionContext(orgId: string, eventId: string) {
    const [templates, rules] = await Promise.all([
      this.prisma.badgeTemplate.findMany({
        where: { orgId, deletedAt: null, OR: [{ eventId }, { eventId: null, isDefault: true }, { eventId: null, rules: { some: { eventId } } }] },
        select: TEMPLATE_SELECT,
      }),
      this.listRules(eventId),
    ]);
    return { templates, rules };
  }

  /** An override template that is not among the event's usable templates (org-wide, not default). */
  findTemplatesByIds(orgId: string, ids: string[]) {
    return ids.length ? this.prisma.badgeTemplate.findMany({ where: { orgId, deletedAt: null, id: { in: ids } }, select: TEMPLATE_SELECT }) : Promise.resolve([]);
  }

  eventForBadges(eventId: string) {
    return this.prisma.event.findUnique({ where: { id: eventId }, select: { id: true, orgId: true, name: true, startAt: true, endAt: true, timezone: true } });
  }

  findRegistration(eventId: string, id: string) {
    return this.prisma.registration.findFirst({ where: { id, eventId, deletedAt: null }, select: BADGE_REGISTRATION_SELECT });
  }

  registrationWithEvent(id: string, orgId: string) {
    return this.prisma.registration.findFirst({ where: { id, orgId, deletedAt: null }, select: { ...BADGE_REGISTRATION_SELECT, eventId: true } });
  }

  /**
   * One round trip for a single badge: the registration with its contact and attendee type, the
   * event, and a fingerprint of the templates and rules that may apply (count and last change, so a
   * cached resolution is reused only while nothing changed, in any API process). Null when the event
   * is not this organisation's.
   */
  async singleBadgeInputs(orgId: string, eventId: string, registrationId: string): Promise<SingleBadgeInputs | null> {
    const rows = await this.prisma.$queryRaw<SingleBadgeRow[]>`
      SELECT e.name AS "eventName", e.start_at AS "startAt", e.end_at AS "endAt", e.timezone,
             r.id, r.status::text AS status, r.confirmation_number AS "confirmationNumber", r.credential, r.snapshot, r.answers,
             r.badge_template_id AS "badgeTemplateId", r.event_attendee_type_id AS "eventAttendeeTypeId", r.locale,
             c.first_name AS "firstName", c.last_name AS "lastName", c.company, c.job_title AS "jobTitle",
             at.name AS "typeName", at.color AS "typeColor", at.text_color AS "typeTextColor",
             (SELECT count(*) || '|' || coalesce(max(bt.updated_at)::text, '-') FROM badge_templates bt
               WHERE bt.org_id = e.org_id AND (bt.event_id = e.id OR bt.event_id IS NULL)) AS "templatesPart",
             (SELECT count(*) || '|' || coalesce(max(btr.created_at)::text, '-') FROM badge_template_rules btr WHERE btr.event_id = e.id) AS "rulesPart"
      FROM events e
      LEFT JOIN registrations r ON r.id = ${registrationId}::uuid AND r.event_id = e.id AND r.deleted_at IS NULL
      LEFT JOIN contacts c ON c.id = r.contact_id
      LEFT JOIN event_attendee_types eat ON eat.id = r.event_attendee_type_id
      LEFT JOIN attendee_types at ON at.id = eat.attendee_type_id
      WHERE e.id = ${eventId}::uuid AND e.org_id = ${orgId}::uuid`;
    const row = rows[0];
    if (!row) return null;
    const event = { id: eventId, orgId, name: row.eventName, startAt: row.startAt, endAt: row.endAt, timezone: row.timezone };
    const registration: BadgeRegistrationRow | null = row.id
      ? ({
          id: row.id,
          status: row.status,
          confirmationNumber: row.confirmationNumber!,
          credential: row.credential!,
          snapshot: row.snapshot,
          answers: row.answers,
          badgeTemplateId: row.badgeTemplateId,
          eventAttendeeTypeId: row.eventAttendeeTypeId,
          locale: row.locale!,
          contact: { firstName: row.firstName ?? '', lastName: row.lastName ?? '', company: row.company, jobTitle: row.jobTitle },
          eventAttendeeType: row.typeName !== null ? { attendeeType: { name: row.typeName, color: row.typeColor!, textColor: row.typeTextColor! } } : null,
        } as BadgeRegistrationRow)
      : null;
    return { event, registration, fingerprint: `${row.templatesPart}#${row.rulesPart}` };
  }

  /** Keyset pages of the registrations to print: an explicit selection, or every approved one. */
  registrationsPage(eventId: string, selection: string[] | null, afterId: string | null, take: number) {
    return this.prisma.registration.findMany({
      where: {
        eventId,
        deletedAt: null,
        ...(selection ? { id: { in: selection } } : { status: 'approved' }),
        ...(afterId ? { id: { gt: afterId, ...(selection ? { in: selection } : {}) } } : {}),
      },
      select: BADGE_REGISTRATION_SELECT,
      orderBy: { id: 'asc' },
      take,
    });
  }

  /** Count and last change of what a bulk file is made of: part of its request key, so a change means a new file. */
  async fingerprint(orgId: string, eventId: string, selection: string[] | null) {
    const [registrations, templates, rules] = await Promise.all([
      this.prisma.registration.aggregate({
        where: { eventId, deletedAt: null, ...(selection ? { id: { in: selection } } : { status: 'approved' }) },
        _count: { _all: true },
        _max: { updatedAt: true },
      }),
      this.prisma.badgeTemplate.aggregate({ where: { orgId, OR: [{ eventId }, { eventId: null }] }, _max: { updatedAt: true }, _count: { _all: true } }),
      this.prisma.badgeTemplateRule.aggregate({ where: { eventId }, _max: { createdAt: true }, _count: { _all: true } }),
    ]);
    return {
      count: registrations._count._all,
      parts: [
        registrations._count._all,
        registrations._max.updatedAt?.toISOString() ?? '-',
        templates._count._all,
        templates._max.updatedAt?.toISOString() ?? '-',
        rules._count._all,
        rules._max.createdAt?.toISOString() ?? '-',
      ],
    };
  }

  setRegistrationTemplate(id: string, templateId: string | null) {
    return this.prisma.registration.update({ where: { id }, data: { badgeTemplateId: templateId }, select: { id: true, badgeTemplateId: true } });
  }

  async recordPrints(rows: Array<{ orgId: string; eventId: string; registrationId: string | null; printedById: string | null; kind: string; badgeCount: number; fileId?: string | null }>, db: Db = this.prisma) {
    if (rows.length) await db.badgePrint.createMany({ data: rows });
  }

  hasPrinted(tx: Tx, fileId: string, userId: string) {
    return tx.badgePrint.findFirst({ where: { fileId, printedById: userId }, select: { id: true } }).then(Boolean);
  }

  async registrationIdsPage(eventId: string, selection: string[] | null, afterId: string | null, take: number): Promise<string[]> {
    const rows = await this.prisma.registration.findMany({
      where: { eventId, deletedAt: null, ...(selection ? { id: { in: selection, ...(afterId ? { gt: afterId } : {}) } } : { status: 'approved', ...(afterId ? { id: { gt: afterId } } : {}) }) },
      select: { id: true },
      orderBy: { id: 'asc' },
      take,
    });
    return rows.map((row) => row.id);
  }

  async listPrints(eventId: string, registrationId: string | undefined, page: number, pageSize: number) {
    const where = { eventId, ...(registrationId ? { registrationId } : {}) };
    const [items, total, badges] = await Promise.all([
      this.prisma.badgePrint.findMany({
        where,
        select: {
          id: true,
          registrationId: true,
          printedById: true,
          kind: true,
          badgeCount: true,
          fileId: true,
          createdAt: true,
          registration: { select: { contact: { select: { firstName: true, lastName: true } } } },
        },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        skip: (page - 1) * pageSize,
        take: pageSize,
      }),
      this.prisma.badgePrint.count({ where }),
      this.prisma.badgePrint.aggregate({ where, _sum: { badgeCount: true } }),
    ]);
    const reprinted = await this.prisma.badgePrint.groupBy({ by: ['registrationId'], where: { ...where, registrationId: registrationId ?? { not: null } }, _count: { _all: true } });
    const userIds = [...new Set(items.map((item) => item.printedById).filter((id): id is string => Boolean(id)))];
    const users = userIds.length ? await this.prisma.user.findMany({ where: { id: { in: userIds } }, select: { id: true, firstName: true, lastName: true } }) : [];
    return { items, total, badges: badges._sum.badgeCount ?? 0, registrationsPrinted: reprinted.length, reprinted: reprinted.filter((row) => row._count._all > 1).length, users };
  }

  // generated files

  findReusableFile(orgId: string, requestKey: string, db: Db = this.prisma) {
    return db.generatedFile.findFirst({ where: { orgId, requestKey, status: { in: ['pending', 'running', 'done'] } }, orderBy: { createdAt: 'desc' } });
  }

  async lockRequestKey(tx: Tx, requestKey: string) {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${requestKey}))`;
  }

  createFile(tx: Tx, data: { orgId: string; eventId: string; kind: string; requestKey: string; total: number; createdById: string | null }) {
    return tx.generatedFile.create({ data: { ...data, status: 'pending' } });
  }

  findFile(id: string) {
    return this.prisma.generatedFile.findUnique({ where: { id } });
  }

  updateFile(id: string, data: Prisma.GeneratedFileUpdateInput) {
    return this.prisma.generatedFile.update({ where: { id }, data });
  }

  /**
   * Moves a file on only from the statuses the job expects: a file failed meanwhile (an erasure
   * deletes files that may hold the person) stays failed. Returns whether it moved.
   */
  async moveFile(id: string, from: Array<'pending' | 'running'>, data: Prisma.GeneratedFileUpdateManyMutationInput): Promise<boolean> {
    return (await this.prisma.generatedFile.updateMany({ where: { id, status: { in: from } }, data })).count === 1;
  }

  markFileFailed(id: string, error: string) {
    return this.prisma.generatedFile.updateMany({ where: { id, status: { in: ['pending', 'running', 'done'] } }, data: { status: 'failed', error: error.slice(0, 500), finishedAt: new Date() } });
  }
}
