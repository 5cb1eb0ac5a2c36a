import { Inject, Injectable } from '@nestjs/common';
import type { AuthContext } from '../../common/auth/auth-context.js';
import { AppException } from '../../common/errors/app-exception.js';
import { MailTransport } from '../../infra/mail/mail-transport.js';
import { DevMailboxRepository } from './dev-mailbox.repository.js';
import { toDevEmailSummary, type DevEmailListDto } from './dev-mailbox.dto.js';

const LIST_LIMIT = 100;

@Injectable()
export class DevMailboxService {
  constructor(
    @Inject(DevMailboxRepository) private readonly repository: DevMailboxRepository,
    @Inject(MailTransport) private readonly transport: MailTransport,
  ) {}

  async list(auth: AuthContext): Promise<DevEmailListDto> {
    const rows = await this.repository.latest({ orgId: auth.orgId, email: auth.email }, LIST_LIMIT);
    return { items: rows.map((row) => toDevEmailSummary(row, this.transport.kind)) };
  }

  async html(auth: AuthContext, id: string): Promise<string> {
    const row = await this.repository.findHtml({ orgId: auth.orgId, email: auth.email }, id);
    if (!row) throw AppException.notFound('Email');
    return row.html;
  }
}
