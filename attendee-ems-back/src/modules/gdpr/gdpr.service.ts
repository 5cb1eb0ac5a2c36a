import { Inject, Injectable } from '@nestjs/common';
import type { AuthContext } from '../../common/auth/auth-context.js';
import { AppException } from '../../common/errors/app-exception.js';
import { ErrorCode } from '../../common/errors/error-codes.js';
import { AppLogger } from '../../infra/logging/app-logger.js';
import { StorageService } from '../../infra/storage/storage.service.js';
import { AuditService } from '../audit/audit.service.js';
import { ContactsRepository, type Tx } from '../contacts/contacts.repository.js';
import { ContactsService } from '../contacts/contacts.service.js';
import type { DeleteContactResultDto, EraseResultDto, RetentionPolicyDto } from './gdpr.dto.js';
import { renderGdprHtml } from './gdpr-html.js';
import { GdprRepository } from './gdpr.repository.js';
import { ImportFileScanner, type ImportFileEmails } from './import-file-scanner.js';

@Injectable()
export class GdprService {
  constructor(
    @Inject(GdprRepository) private readonly repository: GdprRepository,
    @Inject(ContactsRepository) private readonly contacts: ContactsRepository,
    @Inject(ContactsService) private readonly contactsService: ContactsService,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(AppLogger) private readonly logger: AppLogger,
    @Inject(ImportFileScanner) private readonly scanner: ImportFileScanner,
    @Inject(StorageService) private readonly storage: StorageService,
  ) {}

  /** Everything stored about one person (subject access request), as one JSON document. */
  async export(auth: AuthContext, contactId: string): Promise<Record<string, unknown>> {
    const scope = this.contactsService.scopeFor(auth, 'attendees.export');
    if (!(await this.contacts.findOne(this.contacts.prisma, scope, contactId, { includeErased: true }))) throw AppException.notFound('Contact', ErrorCode.CONTACT_NOT_FOUND);
    const data = await this.repository.collect(scope.orgId, contactId);
    if (!data) throw AppException.notFound('Contact', ErrorCode.CONTACT_NOT_FOUND);
    await this.audit.record(auth, { action: 'contact.gdpr_exported', targetType: 'contact', targetId: contactId });
    return { generatedAt: new Date().toISOString(), ...data };
  }

  /** The same content as a plain, printable HTML document for the person (every value escaped). */
  async exportHtml(auth: AuthContext, contactId: string): Promise<string> {
    return renderGdprHtml(await this.export(auth, contactId));
  }

  /**
   * Permanent deletion. Never registered: the row goes (with its notes and history). Registered
   * before: the person is erased in place so event statistics survive. Active registrations
   * (awaiting, approved, waitlisted) refuse it with 409 CONTACT_HAS_REGISTRATIONS unless `force`,
   * which cancels them first (seats given back). Either way the person leaves imports and files too.
   */
  async remove(auth: AuthContext, contactId: string, force: boolean): Promise<DeleteContactResultDto> {
    const scope = this.contactsService.scopeFor(auth, 'attendees.delete');
    const before = await this.contacts.findOne(this.contacts.prisma, scope, contactId, { includeErased: true });
    if (!before) throw AppException.notFound('Contact', ErrorCode.CONTACT_NOT_FOUND);
    const namedInFiles = before.anonymizedAt ? [] : await this.scanner.importsNaming(scope.orgId, before.email);
    return this.contacts.transaction(async (tx) => {
      const contact = await this.contacts.findOne(tx, scope, contactId, { includeErased: true, forUpdate: true });
      if (!contact) throw AppException.notFound('Contact', ErrorCode.CONTACT_NOT_FOUND);
      const active = await this.repository.activeRegistrations(tx, contactId);
      if (active.length && !force) {
        throw AppException.conflict(ErrorCode.CONTACT_HAS_REGISTRATIONS, `This person has ${active.length} active registration(s): cancel them first, or delete with force=true.`, {
          activeRegistrations: active.length,
        });
      }
      await this.repository.cancelRegistrations(tx, active);
      const registered = await this.repository.hasRegistrations(tx, contactId);
      await this.contacts.setRevisionAuthor(tx, 'erase', auth.userId);
      if (!contact.anonymizedAt) await this.eraseEverywhere(tx, auth, scope.orgId, contact, namedInFiles);
      if (!registered) await this.repository.deleteContact(tx, contactId);
      const mode = registered ? 'anonymised' : 'deleted';
      await this.audit.record(auth, { action: 'contact.deleted', targetType: 'contact', targetId: contactId, metadata: { mode, cancelledRegistrations: active.length } }, tx);
      return { contactId, mode, cancelledRegistrations: active.length };
    });
  }

  /** Anonymises the person everywhere, in one transaction, and records it in the audit log. */
  async erase(auth: AuthContext, contactId: string): Promise<EraseResultDto> {
    const scope = this.contactsService.scopeFor(auth, 'attendees.erase');
    const before = await this.contacts.findOne(this.contacts.prisma, scope, contactId, { includeErased: true });
    if (!before) throw AppException.notFound('Contact', ErrorCode.CONTACT_NOT_FOUND);
    if (before.anonymizedAt) throw AppException.conflict(ErrorCode.CONTACT_ERASED, 'This person was already erased.');
    // Files are read before the transaction: its row locks are not held while storage answers.
    const namedInFiles = await this.scanner.importsNaming(scope.orgId, before.email);
    return this.contacts.transaction(async (tx) => {
      const contact = await this.contacts.findOne(tx, scope, contactId, { includeErased: true, forUpdate: true });
      if (!contact) throw AppException.notFound('Contact', ErrorCode.CONTACT_NOT_FOUND);
      if (contact.anonymizedAt) throw AppException.conflict(ErrorCode.CONTACT_ERASED, 'This person was already erased.');
      await this.contacts.setRevisionAuthor(tx, 'erase', auth.userId);
      const counts = await this.eraseEverywhere(tx, auth, scope.orgId, contact, namedInFiles);
      await this.audit.record(auth, { action: 'contact.erased', targetType: 'contact', targetId: contactId, metadata: { ...counts, reason: 'request' } }, tx);
      return { contactId, ...counts };
    });
  }

  /**
   * Everything of one person, in the caller's transaction: the database rows (repository.erase),
   * import reports and samples, and the stored files that may hold them. Files are deleted last,
   * still inside the transaction: if storage fails the erasure rolls back and can simply be asked
   * again (deleting a missing file is not an error). Import files are deleted whole — they hold
   * other people too, and rewriting an upload would make its report and resume point lie — and the
   * import keeps its record, counts and report with an audit note saying why its file is gone; a
   * draft never run is removed whole. Exports and badge PDFs that may hold the person are deleted
   * and marked failed with the reason (a new one can be asked for).
   */
  private async eraseEverywhere(
    tx: Tx,
    actor: AuthContext | null,
    orgId: string,
    contact: { id: string; email: string; lastName: string },
    namedInFiles: string[],
  ): Promise<Omit<EraseResultDto, 'contactId'>> {
    const counts = await this.repository.erase(tx, orgId, contact.id);
    const imports = await this.repository.eraseImports(tx, orgId, contact.id, contact.email, namedInFiles);
    const files = await this.repository.eraseGeneratedFiles(tx, orgId, contact.id);
    await this.repository.eraseOtherTraces(tx, orgId, contact.email, contact.lastName);
    for (const record of imports.imports) {
      await this.audit.record(
        actor,
        { orgId, action: record.draft ? 'import.erased' : 'import.file_erased', targetType: 'import', targetId: record.id, metadata: { reason: 'gdpr', erasedContactId: contact.id } },
        tx,
      );
    }
    const keys = [...imports.imports.map((record) => record.storageKey), ...files.map((file) => file.storageKey)].filter((key): key is string => Boolean(key));
    for (const key of keys) await this.storage.delete(key);
    return { ...counts, importRows: imports.rows, imports: imports.imports.length, files: keys.length };
  }

  async retentionPolicy(auth: AuthContext): Promise<RetentionPolicyDto> {
    const scope = this.contactsService.scopeFor(auth, 'attendees.erase');
    return { contactRetentionDays: await this.repository.retentionDays(scope.orgId) };
  }

  async setRetentionPolicy(auth: AuthContext, dto: RetentionPolicyDto): Promise<RetentionPolicyDto> {
    const scope = this.contactsService.scopeFor(auth, 'attendees.erase');
    const days = dto.contactRetentionDays ?? null;
    await this.contacts.transaction(async (tx) => {
      await this.repository.setRetentionDays(tx, scope.orgId, days);
      await this.audit.record(auth, { action: 'organization.retention_policy.update', targetType: 'organization', targetId: scope.orgId, metadata: { contactRetentionDays: days } }, tx);
    });
    return { contactRetentionDays: days };
  }

  /** Retention: anonymises contacts N days after their last event, per organisation policy. Safe to run on several workers (row locks + the anonymised mark). */
  async runRetention(batchSize = 500): Promise<number> {
    let erased = 0;
    // Each unfinished import file is read once per run, whatever the number of people erased.
    const importFiles: ImportFileEmails = new Map();
    for (;;) {
      const due = await this.repository.dueForRetention(batchSize);
      if (!due.length) return erased;
      for (const { orgId, contactId, email } of due) {
        const namedInFiles = await this.scanner.importsNaming(orgId, email, importFiles);
        const done = await this.contacts.transaction(async (tx) => {
          const locked = await tx.$queryRaw<Array<{ id: string; email: string; lastName: string }>>`
            SELECT id, email::text AS email, last_name AS "lastName" FROM contacts WHERE id = ${contactId}::uuid AND anonymized_at IS NULL FOR UPDATE SKIP LOCKED`;
          if (!locked.length) return false;
          await this.contacts.setRevisionAuthor(tx, 'retention', null);
          const counts = await this.eraseEverywhere(tx, null, orgId, locked[0]!, namedInFiles);
          await this.audit.record(null, { orgId, action: 'contact.erased', targetType: 'contact', targetId: contactId, metadata: { ...counts, reason: 'retention' } }, tx);
          return true;
        });
        if (done) erased += 1;
      }
      this.logger.log(`retention: ${erased} contact(s) anonymised so far`);
      if (due.length < batchSize) return erased;
    }
  }
}
