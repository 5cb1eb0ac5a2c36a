import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/app-config.js';
import { AppException } from '../../common/errors/app-exception.js';
import { ErrorCode } from '../../common/errors/error-codes.js';
import { DomainEvents } from '../../common/events/domain-events.js';
import { MailService } from '../../infra/mail/mail.service.js';
import { localized, message, validateSubmission, type FormDefinition, type Locale } from '../../shared/registration-form/index.js';
import { isRegistrationOpen } from '../events/events.dto.js';
import { attendeeTypeKey, newConfirmationNumber, newCredential, requestHash } from './credentials.js';
import { customEmailTemplate, renderRegistrationEmail } from './registration-emails.js';
import type { PublicEventDto, PublicRegistrationResultDto } from './registrations.dto.js';
import { RegistrationBatcher } from './registration-batcher.js';
import { RegistrationsRepository, type PublicEventRow, type SeatOutcome, type SeatRegistration } from './registrations.repository.js';

/** Public tokens and credentials are base64url: anything else (NUL bytes, slashes, 2 KB strings) is simply not found. */
export const PUBLIC_KEY = /^[A-Za-z0-9_-]{1,64}$/;

const PROFILE_FIELDS = ['firstName', 'lastName', 'phone', 'company', 'jobTitle', 'country'] as const;

/** Thrown inside the transaction to roll it back and answer with a known result. */
class Outcome extends Error {
  constructor(readonly exception: AppException) {
    super(exception.message);
  }
}

@Injectable()
export class PublicRegistrationService {
  constructor(
    @Inject(RegistrationsRepository) private readonly registrations: RegistrationsRepository,
    @Inject(MailService) private readonly mail: MailService,
    @Inject(DomainEvents) private readonly events: DomainEvents,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  personalPageUrl(credential: string) {
    return `${this.config.appUrl}/r/${credential}`;
  }

  async loadEvent(publicToken: string): Promise<PublicEventRow> {
    const event = PUBLIC_KEY.test(publicToken) ? await this.registrations.findPublicEvent(publicToken) : null;
    // Drafts and deleted events do not exist for visitors.
    if (!event || event.deletedAt || event.status === 'draft') throw AppException.notFound('Event', ErrorCode.EVENT_NOT_FOUND);
    return event;
  }

  toPublicEvent(event: PublicEventRow): PublicEventDto {
    const remaining = event.capacity === null ? null : Math.max(0, event.capacity - event.seatsTaken);
    return {
      publicToken: event.publicToken,
      name: event.name,
      organizationName: event.organizationName,
      descriptionMd: event.descriptionMd,
      startAt: event.startAt.toISOString(),
      endAt: event.endAt.toISOString(),
      timezone: event.timezone,
      locationType: event.locationType,
      locationName: event.locationName,
      address: event.address,
      onlineUrl: event.onlineUrl,
      status: event.status,
      isRegistrationOpen: isRegistrationOpen({ status: event.status as never, registrationOpensAt: event.registrationOpensAt, registrationClosesAt: event.registrationClosesAt, deletedAt: event.deletedAt }),
      registrationOpensAt: event.registrationOpensAt?.toISOString() ?? null,
      registrationClosesAt: event.registrationClosesAt?.toISOString() ?? null,
      remainingSeats: remaining,
      isFull: remaining === 0,
      requiresApproval: event.requiresApproval,
      waitlist: event.waitlistEnabled,
      form: event.formDefinition as Record<string, unknown>,
      attendeeTypes: event.types
        .filter((type) => type.enabled && type.isPublic)
        .map((type) => ({ key: attendeeTypeKey(type.name), name: type.name, color: type.color, remainingSeats: type.capacity === null ? null : Math.max(0, type.capacity - type.seatsTaken) })),
    };
  }

  private readonly batcher = new RegistrationBatcher<SeatRegistration, SeatOutcome>((call) => this.registrations.registerBatch(call));

  private readonly embedCache = new Map<string, { origins: string[]; until: number }>();

  /** Origins allowed to frame /embed/:publicToken (cached briefly: every page view asks). */
  async embedOrigins(publicToken: string): Promise<string[]> {
    const cached = this.embedCache.get(publicToken);
    if (cached && cached.until > Date.now()) return cached.origins;
    const event = PUBLIC_KEY.test(publicToken) ? await this.registrations.findPublicEvent(publicToken) : null;
    const origins = event && !event.deletedAt && event.status !== 'draft' ? event.embedOrigins : [];
    if (this.embedCache.size > 10_000) this.embedCache.clear();
    this.embedCache.set(publicToken, { origins, until: Date.now() + 30_000 });
    return origins;
  }

  async getPublicEvent(publicToken: string): Promise<PublicEventDto> {
    return this.toPublicEvent(await this.loadEvent(publicToken));
  }

  /**
   * One registration from the public form. Everything happens in one transaction: the idempotency
   * key is claimed first (a concurrent retry waits on it), the CRM contact is found or created
   * without overwriting it, seats are taken with conditional UPDATEs, the registration and its
   * email are written. Any refusal rolls all of it back.
   */
  async register(publicToken: string, body: Record<string, unknown>, idempotencyKey: string | undefined): Promise<PublicRegistrationResultDto> {
    const locale: Locale = body.locale === 'en' ? 'en' : 'fr';
    if (idempotencyKey !== undefined && !/^[A-Za-z0-9._:-]{8,100}$/.test(idempotencyKey)) {
      throw AppException.badRequest(ErrorCode.VALIDATION_FAILED, 'Idempotency-Key must be 8 to 100 letters, digits or . _ : -', [
        { field: 'Idempotency-Key', code: 'format', message: 'Idempotency-Key must be 8 to 100 letters, digits or . _ : -' },
      ]);
    }
    const event = await this.loadEvent(publicToken);
    const hash = requestHash(body);
    if (idempotencyKey) {
      const previous = await this.registrations.findIdempotencyKey(publicToken, idempotencyKey);
      if (previous && previous.statusCode !== 0) return this.replay(previous, hash);
    }
    const isOpen = isRegistrationOpen({ status: event.status as never, registrationOpensAt: event.registrationOpensAt, registrationClosesAt: event.registrationClosesAt, deletedAt: event.deletedAt });
    const registrationClosed = (eventStatus: string) =>
      new AppException(HttpStatus.CONFLICT, ErrorCode.REGISTRATION_CLOSED, locale === 'en' ? 'Registration is not open for this event.' : 'Les inscriptions ne sont pas ouvertes pour cet événement.', undefined, {
        eventStatus,
      });
    if (!isOpen) throw registrationClosed(event.status);

    const { values, errors } = validateSubmission(event.formDefinition as FormDefinition, body, locale);
    const offered = event.types.filter((type) => type.enabled && type.isPublic);
    let eventAttendeeTypeId: string | null = null;
    if (body.attendeeType !== undefined) {
      const match = typeof body.attendeeType === 'string' ? offered.find((type) => attendeeTypeKey(type.name) === body.attendeeType) : undefined;
      if (!match) errors.push({ field: 'attendeeType', code: 'invalidAttendeeType', message: message('invalidAttendeeType', locale) });
      else eventAttendeeTypeId = match.id;
    } else if (offered.length > 1) {
      errors.push({ field: 'attendeeType', code: 'required', message: message('required', locale) });
    } else if (offered.length === 1) {
      eventAttendeeTypeId = offered[0]!.id;
    }
    if (errors.length) {
      throw AppException.badRequest(ErrorCode.VALIDATION_FAILED, locale === 'en' ? 'Some answers need your attention.' : 'Certaines réponses sont à corriger.', errors);
    }

    const person = {
      email: String(values.email),
      firstName: String(values.firstName),
      lastName: String(values.lastName),
      phone: values.phone as string | undefined,
      company: values.company as string | undefined,
      jobTitle: values.jobTitle as string | undefined,
      country: values.country as string | undefined,
    };
    const answers = Object.fromEntries(Object.entries(values).filter(([key]) => !['email', ...PROFILE_FIELDS].includes(key)));
    const definition = event.formDefinition as FormDefinition;
    // What the person agreed to is the text they were shown, in their language.
    const consentFields = definition.fields.filter((field) => field.type === 'consent' && values[field.id] === true);
    const consent = consentFields.length
      ? { givenAt: new Date().toISOString(), items: consentFields.map((field) => ({ field: field.id, version: field.consentVersion ?? null, locale, text: localized(field.label, locale) })) }
      : null;

    const chosenType = eventAttendeeTypeId ? event.types.find((type) => type.id === eventAttendeeTypeId) : undefined;
    const remainingSeats = minRemaining(
      event.capacity === null ? null : event.capacity - event.seatsTaken,
      chosenType && chosenType.capacity !== null ? chosenType.capacity - chosenType.seatsTaken : null,
    );

    const eventFull = () =>
      new Outcome(
        new AppException(HttpStatus.CONFLICT, ErrorCode.EVENT_FULL, locale === 'en' ? 'Sorry, this event is full.' : 'Désolé, cet événement est complet.', undefined, {
          scope: eventAttendeeTypeId && (event.capacity === null || event.seatsTaken < event.capacity) ? 'attendeeType' : 'event',
        }),
      );

    /**
     * The waiting-list path (event full, or people already waiting), in one transaction that queues
     * on the event row so positions are handed out in order.
     */
    const joinWaitlist = () =>
      this.registrations.transaction(async (tx) => {
        if (idempotencyKey && !(await this.registrations.claimIdempotencyKey(tx, publicToken, idempotencyKey, hash))) {
          // The key was used by a request that has committed meanwhile: answer as it did.
          return { replay: true as const };
        }
        const contact = await this.registrations.upsertContact(tx, event.orgId, person);
        const existing = await this.registrations.findActiveRegistration(tx, event.id, contact.id);
        if (existing) throw new Outcome(this.alreadyRegistered(existing.status, locale));

        const status = 'waitlisted' as const;
        await this.registrations.lockEvent(tx, event.id);
        const profileDiff = this.profileDiff(person, contact);
        const credential = newCredential();
        const confirmationNumber = newConfirmationNumber();
        const inserted = await this.registrations.insertRegistration(tx, {
          orgId: event.orgId,
          eventId: event.id,
          contactId: contact.id,
          eventAttendeeTypeId,
          status,
          holdsSeat: false,
          confirmationNumber,
          credential,
          snapshot: person,
          answers,
          consent,
          profileDiff,
          source: 'public',
          locale,
        });
        if (!inserted) {
          // A concurrent submission for the same person won the race; report what it created.
          const winner = await this.registrations.findActiveRegistration(tx, event.id, contact.id);
          throw new Outcome(this.alreadyRegistered(winner?.status ?? 'awaiting', locale));
        }
        const waitlistPosition = await this.registrations.waitlistPosition(tx, event.id, inserted.id);
        const response: PublicRegistrationResultDto = { status, confirmationNumber, credential, waitlistPosition, personalPageUrl: this.personalPageUrl(credential) };
        const email = renderRegistrationEmail('waitlisted', {
          template: customEmailTemplate(event.settings, 'waitlisted', locale),
          locale,
          firstName: person.firstName,
          lastName: person.lastName,
          confirmationNumber,
          credential,
          personalPageUrl: response.personalPageUrl,
          waitlistPosition,
          event,
          organizationName: event.organizationName,
        });
        await this.mail.enqueue({ orgId: event.orgId, eventId: event.id, registrationId: inserted.id, to: person.email, locale, ...email }, tx);
        if (idempotencyKey) await this.registrations.completeIdempotencyKey(tx, publicToken, idempotencyKey, 201, response);
        return { replay: false as const, response, registrationId: inserted.id };
      });

    // Seats only come back through cancellations: a full event without a waiting list answers at once,
    // without writing anything (what a rush's late majority gets).
    if (!event.waitlistEnabled && remainingSeats === 0) throw eventFull().exception;

    try {
      let result: Awaited<ReturnType<typeof joinWaitlist>>;
      const seated = await this.registerSeated({ event, person, answers, consent, locale, eventAttendeeTypeId, idempotencyKey, hash, publicToken, remainingSeats });
      if (seated.outcome === 'ok') result = { replay: false as const, response: seated.response, registrationId: seated.registrationId };
      else if (seated.outcome === 'replay') result = { replay: true as const };
      else if (seated.outcome === 'already') throw new Outcome(this.alreadyRegistered(seated.status, locale));
      else if (seated.outcome === 'failed') throw seated.error;
      else if (seated.outcome === 'retry') throw new Error('A public registration still clashed after three attempts');
      else if (!event.waitlistEnabled) throw eventFull();
      else result = await joinWaitlist();
      if (result.replay) {
        const stored = await this.registrations.findIdempotencyKey(publicToken, idempotencyKey!);
        if (!stored || stored.statusCode === 0) throw AppException.conflict(ErrorCode.CONFLICT, 'The same request is still being processed; retry in a moment.');
        return this.replay(stored, hash);
      }
      this.events.emit('registration.created', { orgId: event.orgId, eventId: event.id, registrationId: result.registrationId, status: result.response.status });
      return result.response;
    } catch (error) {
      if (error instanceof Outcome) throw error.exception;
      throw error;
    }
  }

  /** The common case — a seat for a newcomer — in a batch with whoever else registers at this moment (see RegistrationBatcher). */
  private async registerSeated(input: {
    event: PublicEventRow;
    person: { email: string; firstName: string; lastName: string; phone?: string; company?: string; jobTitle?: string; country?: string };
    answers: Record<string, unknown>;
    consent: Record<string, unknown> | null;
    locale: Locale;
    eventAttendeeTypeId: string | null;
    idempotencyKey: string | undefined;
    hash: string;
    publicToken: string;
    remainingSeats: number | null;
  }) {
    for (let attempt = 1; ; attempt++) {
      const outcome = await this.registerSeatOnce(input);
      // A confirmation number already used in this event (or a deadlock on a contact row another batch
      // was writing): this person's writes were undone, so try again with fresh numbers.
      if (outcome.outcome !== 'retry' || attempt === 3) return outcome;
    }
  }

  private async registerSeatOnce(input: Parameters<PublicRegistrationService['registerSeated']>[0]) {
    const { event, person, locale } = input;
    const status = event.requiresApproval ? 'awaiting' : 'approved';
    const credential = newCredential();
    const confirmationNumber = newConfirmationNumber();
    const response: PublicRegistrationResultDto = { status, confirmationNumber, credential, waitlistPosition: null, personalPageUrl: this.personalPageUrl(credential) };
    const kind = status === 'approved' ? 'approved' : 'received';
    const email = renderRegistrationEmail(kind, {
      template: customEmailTemplate(event.settings, kind, locale),
      locale,
      firstName: person.firstName,
      lastName: person.lastName,
      confirmationNumber,
      credential,
      personalPageUrl: response.personalPageUrl,
      waitlistPosition: null,
      event,
      organizationName: event.organizationName,
    });
    const outcome = await this.batcher.submit(
      { orgId: event.orgId, eventId: event.id, waitlistEnabled: event.waitlistEnabled },
      {
        eventAttendeeTypeId: input.eventAttendeeTypeId,
        person,
        status,
        confirmationNumber,
        credential,
        answers: input.answers,
        consent: input.consent,
        locale,
        idempotency: input.idempotencyKey ? { scope: input.publicToken, key: input.idempotencyKey, hash: input.hash, response } : null,
        email: { subject: email.subject, html: email.html, text: email.text, template: email.template, attachments: email.attachments },
      },
      input.remainingSeats,
    );
    return outcome.outcome === 'ok' ? { ...outcome, response } : outcome;
  }

  private replay(stored: { requestHash: string; statusCode: number; responseBody: unknown }, hash: string): PublicRegistrationResultDto {
    if (stored.requestHash !== hash) {
      throw AppException.conflict(ErrorCode.IDEMPOTENCY_KEY_REUSED, 'This Idempotency-Key was already used for a different request.');
    }
    return stored.responseBody as PublicRegistrationResultDto;
  }

  private alreadyRegistered(status: string, locale: Locale) {
    return AppException.conflict(ErrorCode.ALREADY_REGISTERED, locale === 'en' ? 'You are already registered for this event.' : 'Vous êtes déjà inscrit(e) à cet événement.', { status });
  }

  /** Fields where the CRM profile (kept) differs from what was typed (kept on the registration). */
  private profileDiff(submitted: Partial<Record<(typeof PROFILE_FIELDS)[number], string>>, profile: Record<(typeof PROFILE_FIELDS)[number], string | null>) {
    const diff: Record<string, { submitted: string; profile: string }> = {};
    for (const field of PROFILE_FIELDS) {
      const typed = submitted[field];
      const kept = profile[field];
      if (typed && kept && typed.trim().toLowerCase() !== kept.trim().toLowerCase()) diff[field] = { submitted: typed, profile: kept };
    }
    return Object.keys(diff).length ? diff : null;
  }
}

/** The smaller of two remaining seat counts, null meaning unlimited. */
function minRemaining(event: number | null, type: number | null): number | null {
  if (event === null) return type === null ? null : Math.max(0, type);
  return Math.max(0, type === null ? event : Math.min(event, type));
}
