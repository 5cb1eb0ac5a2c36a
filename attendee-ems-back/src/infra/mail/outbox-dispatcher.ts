import { Inject, Injectable } from '@nestjs/common';
import { PrismaService } from '../database/prisma.service.js';
import { AppLogger } from '../logging/app-logger.js';
import { MailTransport, type OutboundAttachment } from './mail-transport.js';
import { qrCodePng } from './qr-code-png.js';

export interface DispatchPolicy {
  batchSize: number;
  /** After this many attempts the row is marked failed for good. */
  maxAttempts: number;
  baseDelaySeconds: number;
  maxDelaySeconds: number;
  /** A row left in 'sending' longer than this (crashed worker) goes back to pending. */
  stuckAfterSeconds: number;
}

export const DEFAULT_DISPATCH_POLICY: DispatchPolicy = { batchSize: 20, maxAttempts: 8, baseDelaySeconds: 30, maxDelaySeconds: 6 * 3600, stuckAfterSeconds: 600 };

interface ClaimedRow {
  id: string;
  to_address: string;
  subject: string;
  html: string;
  text: string;
  attachments: unknown;
  attempts: number;
}

export interface DispatchResult {
  claimed: number;
  sent: number;
  retried: number;
  failed: number;
}

/** Exponential backoff with ±20 % jitter: 30 s, 1 min, 2 min… capped at maxDelaySeconds. */
export function retryDelaySeconds(attempts: number, policy: DispatchPolicy): number {
  const exponential = Math.min(policy.maxDelaySeconds, policy.baseDelaySeconds * 2 ** Math.max(0, attempts - 1));
  return Math.round(exponential * (0.8 + Math.random() * 0.4));
}

/**
 * An SMTP 5xx answer (mailbox unknown, address refused) will not change by trying again: the row
 * fails at once and the organiser sees it in the log. 4xx answers and network errors are retried.
 */
export function isPermanentRefusal(error: unknown): boolean {
  const code = (error as { responseCode?: unknown } | null)?.responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}

type StoredAttachment = { filename?: string; contentType?: string; contentBase64?: string; qrCodeOf?: string; cid?: string };

/** The row's JSON attachments: base64 content, or `qrCodeOf` rendered here as a PNG (off the request path). */
export async function toAttachments(value: unknown): Promise<OutboundAttachment[]> {
  if (!Array.isArray(value)) return [];
  return Promise.all(
    value.map(async (item: StoredAttachment) => ({
      filename: String(item.filename ?? 'attachment'),
      contentType: String(item.contentType ?? (item.qrCodeOf ? 'image/png' : 'application/octet-stream')),
      content:
        typeof item.qrCodeOf === 'string'
          ? qrCodePng(item.qrCodeOf, { margin: 2, width: 320 })
          : Buffer.from(String(item.contentBase64 ?? ''), 'base64'),
      ...(item.cid ? { cid: String(item.cid) } : {}),
    })),
  );
}

/**
 * Delivers the email outbox. Rows are claimed with FOR UPDATE SKIP LOCKED, so any number of
 * workers can run this at once and each row is sent by exactly one of them. The attempt is counted
 * when claimed, so a message that crashes the worker still reaches maxAttempts.
 */
@Injectable()
export class OutboxDispatcher {
  private policy: DispatchPolicy = DEFAULT_DISPATCH_POLICY;

  constructor(
    @Inject(PrismaService) private readonly prisma: PrismaService,
    @Inject(MailTransport) private readonly transport: MailTransport,
    @Inject(AppLogger) private readonly logger: AppLogger,
  ) {}

  withPolicy(policy: Partial<DispatchPolicy>): this {
    this.policy = { ...this.policy, ...policy };
    return this;
  }

  /** Claims and sends one batch. Returns what happened, for the caller's loop and for tests. */
  async dispatchOnce(): Promise<DispatchResult> {
    const rows = await this.prisma.$queryRaw<ClaimedRow[]>`
      UPDATE email_outbox
         SET status = 'sending', attempts = attempts + 1, updated_at = now()
       WHERE id IN (
             SELECT id FROM email_outbox
              WHERE status = 'pending' AND next_attempt_at <= now()
              ORDER BY next_attempt_at, created_at
              FOR UPDATE SKIP LOCKED
              LIMIT ${this.policy.batchSize})
   RETURNING id, to_address, subject, html, text, attachments, attempts`;
    const result: DispatchResult = { claimed: rows.length, sent: 0, retried: 0, failed: 0 };
    await Promise.all(
      rows.map(async (row) => {
        try {
          await this.transport.send({ id: row.id, to: row.to_address, subject: row.subject, html: row.html, text: row.text, attachments: await toAttachments(row.attachments) });
          await this.prisma.$executeRaw`
            UPDATE email_outbox SET status = 'sent', sent_at = now(), last_error = NULL, updated_at = now() WHERE id = ${row.id}::uuid`;
          result.sent++;
        } catch (error) {
          const message = ((error as Error).message ?? String(error)).slice(0, 1000);
          if (row.attempts >= this.policy.maxAttempts || isPermanentRefusal(error)) {
            await this.prisma.$executeRaw`
              UPDATE email_outbox SET status = 'failed', last_error = ${message}, updated_at = now() WHERE id = ${row.id}::uuid`;
            result.failed++;
            this.logger.error('Email delivery failed for good', { outboxId: row.id, attempts: row.attempts, error: message });
          } else {
            const delay = retryDelaySeconds(row.attempts, this.policy);
            await this.prisma.$executeRaw`
              UPDATE email_outbox
                 SET status = 'pending', last_error = ${message}, updated_at = now(),
                     next_attempt_at = now() + make_interval(secs => ${delay}::int)
               WHERE id = ${row.id}::uuid`;
            result.retried++;
            this.logger.warn('Email delivery failed, will retry', { outboxId: row.id, attempts: row.attempts, retryInSeconds: delay, error: message });
          }
        }
      }),
    );
    return result;
  }

  /** Puts rows abandoned in 'sending' (a worker died mid-send) back in the queue, or fails them when out of attempts. */
  async recoverStuck(): Promise<number> {
    const seconds = this.policy.stuckAfterSeconds;
    const max = this.policy.maxAttempts;
    return this.prisma.$executeRaw`
      UPDATE email_outbox
         SET status = CASE WHEN attempts >= ${max}::int THEN 'failed'::email_status ELSE 'pending'::email_status END,
             last_error = 'The worker stopped while sending; requeued',
             next_attempt_at = now(), updated_at = now()
       WHERE status = 'sending' AND updated_at < now() - make_interval(secs => ${seconds}::int)`;
  }

  /** Drains everything due now (several batches); used by the worker tick. */
  async drain(maxBatches = 10): Promise<DispatchResult> {
    const total: DispatchResult = { claimed: 0, sent: 0, retried: 0, failed: 0 };
    for (let i = 0; i < maxBatches; i++) {
      const batch = await this.dispatchOnce();
      total.claimed += batch.claimed;
      total.sent += batch.sent;
      total.retried += batch.retried;
      total.failed += batch.failed;
      if (batch.claimed < this.policy.batchSize) break;
    }
    return total;
  }

  pendingCount(): Promise<number> {
    return this.prisma.emailOutbox.count({ where: { status: 'pending' } });
  }
}
