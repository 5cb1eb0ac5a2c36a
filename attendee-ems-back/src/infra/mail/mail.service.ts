import { Inject, Injectable } from '@nestjs/common';
import { PrismaService } from '../database/prisma.service.js';

export interface OutgoingEmail {
  orgId?: string | null;
  eventId?: string | null;
  registrationId?: string | null;
  to: string;
  /** Template name for the email log, e.g. `auth.password-reset`. */
  template: string;
  locale: string;
  subject: string;
  html: string;
  text: string;
  /** `contentBase64`, or `qrCodeOf`: the dispatcher renders that text as a QR code PNG (kept off the request path). `cid` makes it inline. */
  attachments?: Array<{ filename: string; contentType: string; contentBase64?: string; qrCodeOf?: string; cid?: string }>;
}

/** A Prisma transaction client or the service itself: enqueue inside the caller's transaction. */
type Db = Pick<PrismaService, 'emailOutbox'>;

/**
 * Emails are never sent inside a request: they are written to the outbox (in the caller's
 * transaction when given one) and delivered by the worker with retries.
 */
@Injectable()
export class MailService {
  constructor(@Inject(PrismaService) private readonly prisma: PrismaService) {}

  async enqueue(email: OutgoingEmail, db: Db = this.prisma): Promise<{ id: string }> {
    return db.emailOutbox.create({ data: toOutboxRow(email), select: { id: true } });
  }

  /** Many emails in one statement (an import chunk's registrations), in the caller's transaction when given one. */
  async enqueueMany(emails: OutgoingEmail[], db: Db = this.prisma): Promise<number> {
    if (!emails.length) return 0;
    return (await db.emailOutbox.createMany({ data: emails.map(toOutboxRow) })).count;
  }
}

function toOutboxRow(email: OutgoingEmail) {
  return {
    orgId: email.orgId ?? null,
    eventId: email.eventId ?? null,
    registrationId: email.registrationId ?? null,
    toAddress: email.to,
    template: email.template,
    locale: email.locale,
    subject: email.subject,
    html: email.html,
    text: email.text,
    attachments: email.attachments ?? [],
  };
}
