import { Inject, Injectable, Module, type OnApplicationBootstrap } from '@nestjs/common';
import { JobsService } from '../../infra/jobs/jobs.service.js';
import { AuditModule } from '../audit/audit.module.js';
import { ContactsModule } from '../contacts/contacts.module.js';
import { GdprRepository } from './gdpr.repository.js';
import { GdprService } from './gdpr.service.js';
import { ImportFileScanner } from './import-file-scanner.js';

export const GdprJobNames = { retention: 'gdpr.retention' } as const;

/** Nightly retention run (pg-boss schedule: one run per tick for the whole cluster). */
@Injectable()
export class GdprRetentionJob implements OnApplicationBootstrap {
  constructor(
    @Inject(JobsService) private readonly jobs: JobsService,
    @Inject(GdprService) private readonly gdpr: GdprService,
  ) {}

  async onApplicationBootstrap() {
    await this.jobs.work(GdprJobNames.retention, async () => ({ anonymised: await this.gdpr.runRetention() }));
    await this.jobs.schedule(GdprJobNames.retention, '23 3 * * *');
  }
}

/** Imported by the WorkerModule only. */
@Module({ imports: [AuditModule, ContactsModule], providers: [GdprService, GdprRepository, ImportFileScanner, GdprRetentionJob] })
export class GdprWorkerModule {}
