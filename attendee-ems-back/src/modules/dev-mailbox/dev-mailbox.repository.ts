import { Inject, Injectable } from '@nestjs/common';
import { PrismaService } from '../../infra/database/prisma.service.js';
import type { DevEmailRow } from './dev-mailbox.dto.js';

const SUMMARY = {
  id: true,
  toAddress: true,
  subject: true,
  template: true,
  locale: true,
  status: true,
  attempts: true,
  lastError: true,
  attachments: true,
  createdAt: true,
  sentAt: true,
} as const;

/** What a caller may see: their organisation's emails and those addressed to them. */
function visibleTo(viewer: { orgId: string | null; email: string }) {
  return { OR: [...(viewer.orgId ? [{ orgId: viewer.orgId }] : []), { toAddress: { equals: viewer.email, mode: 'insensitive' as const } }] };
}

@Injectable()
export class DevMailboxRepository {
  constructor(@Inject(PrismaService) private readonly prisma: PrismaService) {}

  latest(viewer: { orgId: string | null; email: string }, limit: number): Promise<DevEmailRow[]> {
    return this.prisma.emailOutbox.findMany({ where: visibleTo(viewer), orderBy: { createdAt: 'desc' }, take: limit, select: SUMMARY });
  }

  findHtml(viewer: { orgId: string | null; email: string }, id: string): Promise<{ html: string } | null> {
    return this.prisma.emailOutbox.findFirst({ where: { id, ...visibleTo(viewer) }, select: { html: true } });
  }
}
