import { Global, Inject, Module, Optional, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/app-config.js';
import { HealthCheckRegistry } from '../../modules/health/health-check.registry.js';
import { DevOutboxTransport } from './dev-outbox.transport.js';
import { MailService } from './mail.service.js';
import { MailTransport } from './mail-transport.js';
import { OutboxDispatcher } from './outbox-dispatcher.js';
import { SmtpTransport } from './smtp.transport.js';

export function createMailTransport(config: AppConfig): MailTransport {
  const smtp = config.mail.smtp;
  return smtp ? new SmtpTransport({ ...smtp, from: config.mail.from }) : new DevOutboxTransport();
}

/**
 * MailService.enqueue writes the outbox (API and worker); OutboxDispatcher delivers it (the worker
 * runs it in a loop, see src/infra/jobs/worker.module.ts).
 */
@Global()
@Module({
  providers: [MailService, OutboxDispatcher, { provide: MailTransport, inject: [APP_CONFIG], useFactory: createMailTransport }],
  exports: [MailService, OutboxDispatcher, MailTransport],
})
export class MailModule implements OnModuleInit, OnModuleDestroy {
  constructor(
    @Inject(MailTransport) private readonly transport: MailTransport,
    @Optional() @Inject(HealthCheckRegistry) private readonly health?: HealthCheckRegistry,
  ) {}

  onModuleInit() {
    this.health?.register('mail', () => this.transport.verify());
  }

  async onModuleDestroy() {
    await this.transport.close();
  }
}
