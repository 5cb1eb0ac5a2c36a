import { Module, type DynamicModule } from '@nestjs/common';
import type { AppConfig } from '../../config/app-config.js';
import { ConfigModule } from '../../config/config.module.js';
import { DatabaseModule } from '../database/database.module.js';
import { LoggingModule } from '../logging/logging.module.js';
import { MailModule } from '../mail/mail.module.js';
import { RealtimeEmitterModule } from '../realtime/realtime-emitter.module.js';
import { StorageModule } from '../storage/storage.module.js';
import { JobsModule } from './jobs.module.js';
import type { JobsOptions } from './jobs.service.js';
import { WorkerRunner } from './worker-runner.js';
import { EventsWorkerModule } from '../../modules/events/event-maintenance.jobs.js';
import { BadgesWorkerModule } from '../../modules/badges/badge-render.job.js';
import { RegistrationsWorkerModule } from '../../modules/registrations/bulk-operations.job.js';
import { GdprWorkerModule } from '../../modules/gdpr/gdpr-retention.job.js';
import { ImportsWorkerModule } from '../../modules/imports/import-run.job.js';
import { ExportsWorkerModule } from '../../modules/exports/export-build.job.js';
import { ContactsWorkerModule } from '../../modules/contacts/contact-duplicates.job.js';

/**
 * The background worker (src/worker.ts, PM2 app `attendee-worker`; or inside the API process when
 * RUN_WORKER_IN_PROCESS=true). Features add their handlers by importing their module here.
 */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig, jobs: Partial<JobsOptions> = {}): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule,
        DatabaseModule,
        StorageModule,
        MailModule,
        RealtimeEmitterModule,
        JobsModule.forRoot({ ...jobs, role: 'worker' }),
        EventsWorkerModule,
        BadgesWorkerModule,
        RegistrationsWorkerModule,
        GdprWorkerModule,
        ImportsWorkerModule,
        ExportsWorkerModule,
        ContactsWorkerModule,
      ],
      providers: [WorkerRunner],
    };
  }
}
