import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMessage {
  /** The envelope: who the client asked the server to deliver to (RCPT TO), and from (MAIL FROM). */
  envelopeTo: string[];
  envelopeFrom: string;
  /** The message exactly as it came over the wire, and as mailparser reads it. */
  raw: Buffer;
  parsed: ParsedMail;
}

export interface TestSmtpServer {
  port: number;
  /** Parsed messages in arrival order. */
  received: ParsedMail[];
  /** The same messages with their envelope and raw MIME. */
  messages: ReceivedMessage[];
  /** Messages whose envelope includes `address`. */
  to(address: string): ReceivedMessage[];
  /**
   * From now on RCPT TO `address` answers `code`: 550 (mailbox unavailable: permanent, as a relay
   * refusing it would) or a 4xx such as 451 (try again later: temporary, as greylisting does).
   */
  refuse(address: string, code?: number): void;
  /** Accepts `address` again. */
  accept(address: string): void;
  clear(): void;
  close(): Promise<void>;
}

/** A real SMTP server on loopback (no TLS, no auth) that keeps and parses what it receives. */
export async function startSmtpServer(port: number): Promise<TestSmtpServer> {
  const received: ParsedMail[] = [];
  const messages: ReceivedMessage[] = [];
  const refused = new Map<string, number>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      const code = refused.get(address.address.toLowerCase());
      if (code === undefined) return callback();
      const error = new Error(code >= 500 ? `Mailbox unavailable: ${address.address}` : `Try again later: ${address.address}`) as Error & { responseCode: number };
      error.responseCode = code;
      callback(error);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', callback);
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        // keepCidLinks: the HTML as sent (`cid:` references), not rewritten into data: URLs.
        simpleParser(raw, { keepCidLinks: true })
          .then((parsed) => {
            received.push(parsed);
            messages.push({
              envelopeTo: session.envelope.rcptTo.map((recipient) => recipient.address),
              envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              raw,
              parsed,
            });
            callback();
          })
          .catch(callback);
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return {
    port,
    received,
    messages,
    to: (address) => messages.filter((message) => message.envelopeTo.some((recipient) => recipient.toLowerCase() === address.toLowerCase())),
    refuse: (address, code = 550) => void refused.set(address.toLowerCase(), code),
    accept: (address) => void refused.delete(address.toLowerCase()),
    clear: () => {
      received.length = 0;
      messages.length = 0;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
