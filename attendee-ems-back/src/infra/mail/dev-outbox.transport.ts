import { MailTransport, type OutboundMessage } from './mail-transport.js';

/**
 * Without SMTP (local development) nothing leaves the machine: the row itself is the delivered
 * message, marked sent and readable through GET /api/dev/emails.
 */
export class DevOutboxTransport extends MailTransport {
  readonly kind = 'dev-outbox' as const;

  async send(message: OutboundMessage): Promise<{ messageId?: string }> {
    return { messageId: `dev-outbox:${message.id}` };
  }

  async verify(): Promise<void> {}

  async close(): Promise<void> {}
}
