import { ApiProperty } from '@nestjs/swagger';

export class DevEmailSummaryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() to: string;
  @ApiProperty() subject: string;
  @ApiProperty({ description: 'Template name, e.g. auth.password-reset' }) template: string;
  @ApiProperty() locale: string;
  @ApiProperty({ enum: ['pending', 'sending', 'sent', 'failed'] }) status: 'pending' | 'sending' | 'sent' | 'failed';
  @ApiProperty({ enum: ['smtp', 'dev-outbox'], description: 'Where sent messages went: the dev outbox when no SMTP is configured' }) transport: 'smtp' | 'dev-outbox';
  @ApiProperty() attempts: number;
  @ApiProperty({ nullable: true, type: String }) lastError: string | null;
  @ApiProperty({ type: [String], description: 'Attachment file names' }) attachments: string[];
  @ApiProperty() createdAt: string;
  @ApiProperty({ nullable: true, type: String }) sentAt: string | null;
}

export class DevEmailListDto {
  @ApiProperty({ type: [DevEmailSummaryDto] }) items: DevEmailSummaryDto[];
}

export interface DevEmailRow {
  id: string;
  toAddress: string;
  subject: string;
  template: string;
  locale: string;
  status: 'pending' | 'sending' | 'sent' | 'failed';
  attempts: number;
  lastError: string | null;
  attachments: unknown;
  createdAt: Date;
  sentAt: Date | null;
}

export function toDevEmailSummary(row: DevEmailRow, transport: 'smtp' | 'dev-outbox'): DevEmailSummaryDto {
  return {
    id: row.id,
    to: row.toAddress,
    subject: row.subject,
    template: row.template,
    locale: row.locale,
    status: row.status,
    transport,
    attempts: row.attempts,
    lastError: row.lastError,
    attachments: Array.isArray(row.attachments) ? row.attachments.map((item: { filename?: string }) => String(item?.filename ?? 'attachment')) : [],
    createdAt: row.createdAt.toISOString(),
    sentAt: row.sentAt?.toISOString() ?? null,
  };
}
