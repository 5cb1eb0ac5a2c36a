import { Module, type DynamicModule } from '@nestjs/common';
import type { AppConfig } from './config/app-config.js';
import { ConfigModule } from './config/config.module.js';
import { DatabaseModule } from './infra/database/database.module.js';
import { LoggingModule } from './infra/logging/logging.module.js';
import { MailModule } from './infra/mail/mail.module.js';
import { DomainEventsModule } from './common/events/domain-events.js';
import { EventsModule } from './modules/events/events.module.js';
import { ExportsModule } from './modules/exports/exports.module.js';
import { ContactsModule } from './modules/contacts/contacts.module.js';
import { GdprModule } from './modules/gdpr/gdpr.module.js';
import { ImportsModule } from './modules/imports/imports.module.js';
import { RegistrationsModule } from './modules/registrations/registrations.module.js';
import { BadgesModule } from './modules/badges/badges.module.js';
import { CheckInModule } from './modules/check-in/check-in.module.js';
import { RealtimeBridgeModule } from './modules/realtime-bridge/realtime-bridge.module.js';
import { StorageModule } from './infra/storage/storage.module.js';
import { RealtimeModule } from './infra/realtime/realtime.module.js';
import { JobsModule } from './infra/jobs/jobs.module.js';
import { DevMailboxModule } from './modules/dev-mailbox/dev-mailbox.module.js';
import { MonitoringModule } from './infra/monitoring/monitoring.module.js';
import { AuditModule } from './modules/audit/audit.module.js';
import { AuthModule } from './modules/auth/auth.module.js';
import { HealthModule } from './modules/health/health.module.js';
import { InvitationsModule } from './modules/invitations/invitations.module.js';
import { OrganizationsModule } from './modules/organizations/organizations.module.js';
import { RbacModule } from './modules/rbac/rbac.module.js';
import { UsersModule } from './modules/users/users.module.js';

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
        DomainEventsModule,
        HealthModule,
        // feature modules below
        ExportsModule, // first: its …/registrations/export and contacts/export routes must be matched before …/:id ones
        ContactsModule,
        GdprModule,
        ImportsModule,
        AuthModule,
        RbacModule,
        UsersModule,
        OrganizationsModule,
        InvitationsModule,
        EventsModule,
        RegistrationsModule,
        BadgesModule,
        CheckInModule,
        RealtimeBridgeModule,
        StorageModule,
        RealtimeModule,
        JobsModule.forRoot({ role: 'api' }),
        DevMailboxModule.forRoot(config),
        MonitoringModule,
      ],
    };
  }
}
