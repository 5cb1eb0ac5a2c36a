import nodemailer from 'nodemailer';
import { MailTransport, type OutboundMessage } from './mail-transport.js';

export interface SmtpOptions {
  host: string;
  port: number;
  secure: boolean;
  user?: string;
  password?: string;
  from: string;
}

type PooledTransporter = ReturnType<typeof createPooledTransport>;

function createPooledTransport(options: SmtpOptions) {
  return nodemailer.createTransport({
    pool: true,
    maxConnections: 3,
    host: options.host,
    port: options.port,
    secure: options.secure,
    auth: options.user ? { user: options.user, pass: options.password ?? '' } : undefined,
    // Bounded, so a hung relay fails the attempt long before the dispatcher's stuck-row recovery kicks in.
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 60_000,
  });
}

export class SmtpTransport extends MailTransport {
  readonly kind = 'smtp' as const;
  private readonly transporter: PooledTransporter;

  constructor(private readonly options: SmtpOptions) {
    super();
    this.transporter = createPooledTransport(options);
  }

  async send(message: OutboundMessage): Promise<{ messageId?: string }> {
    const info = await this.transporter.sendMail({
      from: this.options.from,
      to: message.to,
      subject: message.subject,
      html: message.html,
      text: message.text,
      attachments: message.attachments.map((attachment) => ({ filename: attachment.filename, contentType: attachment.contentType, content: attachment.content, cid: attachment.cid })),
      headers: { 'X-Outbox-Id': message.id },
    });
    return { messageId: info.messageId };
  }

  async verify(): Promise<void> {
    await this.transporter.verify();
  }

  async close(): Promise<void> {
    this.transporter.close();
  }
}
