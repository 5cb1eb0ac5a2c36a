export interface OutboundAttachment {
  filename: string;
  contentType: string;
  content: Buffer;
  /** Content-ID: the HTML shows it inline with `<img src="cid:…">`. */
  cid?: string;
}

export interface OutboundMessage {
  id: string;
  to: string;
  subject: string;
  html: string;
  text: string;
  attachments: OutboundAttachment[];
}

/** How a message leaves the outbox. SMTP when SMTP_HOST is set, the dev outbox otherwise. */
export abstract class MailTransport {
  abstract readonly kind: 'smtp' | 'dev-outbox';
  /** Resolves once the message is accepted; throws to have the dispatcher retry it later. */
  abstract send(message: OutboundMessage): Promise<{ messageId?: string }>;
  /** Readiness: the relay answers and accepts our credentials. */
  abstract verify(): Promise<void>;
  abstract close(): Promise<void>;
}
