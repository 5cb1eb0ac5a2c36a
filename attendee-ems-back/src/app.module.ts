import { Module, type DynamicModule } from '@nestjs/common';
import type { AppConfig } from './config/app-config.js';
import { ConfigModule } from './config/config.module.js';
import { DatabaseModule } from './infra/database/database.module.js';
import { LoggingModule } from './infra/logging/logging.module.js';
import { MailModule } from './infra/mail/mail.module.js';
import { AuditModule } from './modules/audit/audit.module.js';
import { HealthModule } from './modules/health/health.module.js';

/**
 * The API. Feature modules live in src/modules/<feature>; infrastructure adapters in src/infra.
 * Built from the configuration parsed at boot, so tests can start it with their own.
 */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule,
        DatabaseModule,
        MailModule,
        AuditModule,
        HealthModule,
        // feature modules below
      ],
    };
  }
}
