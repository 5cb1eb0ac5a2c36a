import { Module, type DynamicModule } from '@nestjs/common';
import type { AppConfig } from '../../config/app-config.js';
import { DevMailboxController } from './dev-mailbox.controller.js';
import { DevMailboxRepository } from './dev-mailbox.repository.js';
import { DevMailboxService } from './dev-mailbox.service.js';

/** GET /api/dev/emails: outside production only; in production the routes do not exist (404 ROUTE_NOT_FOUND). */
@Module({})
export class DevMailboxModule {
  static forRoot(config: AppConfig): DynamicModule {
    if (config.isProduction) return { module: DevMailboxModule };
    return { module: DevMailboxModule, controllers: [DevMailboxController], providers: [DevMailboxService, DevMailboxRepository] };
  }
}
