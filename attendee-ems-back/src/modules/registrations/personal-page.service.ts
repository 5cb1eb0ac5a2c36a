import { Inject, Injectable } from '@nestjs/common';
import QRCode from 'qrcode';
import { AppException } from '../../common/errors/app-exception.js';
import { ErrorCode } from '../../common/errors/error-codes.js';
import { buildIcs } from './registration-emails.js';
import type { PersonalPageDto } from './registrations.dto.js';
import { PUBLIC_KEY, PublicRegistrationService } from './public-registration.service.js';
import { RegistrationsRepository } from './registrations.repository.js';

/** What the attendee sees at /r/:credential: their status, their QR code, their calendar entry. */
@Injectable()
export class PersonalPageService {
  constructor(
    @Inject(RegistrationsRepository) private readonly repository: RegistrationsRepository,
    @Inject(PublicRegistrationService) private readonly publicRegistration: PublicRegistrationService,
  ) {}

  private async find(credential: string) {
    if (!PUBLIC_KEY.test(credential)) throw AppException.notFound('Registration', ErrorCode.REGISTRATION_NOT_FOUND);
    const row = await this.repository.prisma.registration.findFirst({
      where: { credential, deletedAt: null },
      select: {
        id: true,
        status: true,
        confirmationNumber: true,
        credentialRevokedAt: true,
        event: { select: { id: true, publicToken: true } },
        contact: { select: { firstName: true, lastName: true } },
        eventAttendeeType: { select: { attendeeType: { select: { name: true } } } },
      },
    });
    if (!row) throw AppException.notFound('Registration', ErrorCode.REGISTRATION_NOT_FOUND);
    return row;
  }

  async get(credential: string): Promise<PersonalPageDto> {
    const row = await this.find(credential);
    const event = await this.publicRegistration.loadEvent(row.event.publicToken).catch(() => null);
    if (!event) throw AppException.notFound('Registration', ErrorCode.REGISTRATION_NOT_FOUND);
    const { form: _form, attendeeTypes: _types, ...publicEvent } = this.publicRegistration.toPublicEvent(event);
    return {
      status: row.status,
      confirmationNumber: row.confirmationNumber,
      firstName: row.contact.firstName,
      lastName: row.contact.lastName,
      attendeeType: row.eventAttendeeType?.attendeeType.name ?? null,
      waitlistPosition: row.status === 'waitlisted' ? await this.repository.waitlistPosition(this.repository.prisma, row.event.id, row.id) : null,
      canCancel: ['approved', 'awaiting', 'waitlisted'].includes(row.status) && event.endAt > new Date(),
      hasPass: row.status === 'approved' && !row.credentialRevokedAt,
      event: publicEvent,
    };
  }

  async qrSvg(credential: string): Promise<string> {
    const row = await this.find(credential);
    // The QR code is the pass: none for a revoked credential or a registration not approved (the page's hasPass).
    if (row.status !== 'approved' || row.credentialRevokedAt) throw AppException.notFound('Registration', ErrorCode.REGISTRATION_NOT_FOUND);
    return QRCode.toString(credential, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  }

  async calendar(credential: string): Promise<string> {
    const row = await this.find(credential);
    const event = await this.publicRegistration.loadEvent(row.event.publicToken);
    return buildIcs({ event, confirmationNumber: row.confirmationNumber, personalPageUrl: this.publicRegistration.personalPageUrl(credential), organizationName: event.organizationName });
  }
}
