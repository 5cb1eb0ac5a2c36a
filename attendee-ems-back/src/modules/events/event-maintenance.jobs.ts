import { Inject, Injectable, Module, type OnApplicationBootstrap } from '@nestjs/common';
import { JobsService } from '../../infra/jobs/jobs.service.js';
import { AuditModule } from '../audit/audit.module.js';
import { EventMaintenanceService } from './event-maintenance.service.js';

export const EventJobNames = {
  archiveEnded: 'events.archive-ended',
  sendReminders: 'events.send-reminders',
} as const;

/** Registers the event schedules with the worker's job runner (pg-boss: one run per tick for the whole cluster). */
@Injectable()
export class EventMaintenanceJobs implements OnApplicationBootstrap {
  constructor(
    @Inject(JobsService) private readonly jobs: JobsService,
    @Inject(EventMaintenanceService) private readonly maintenance: EventMaintenanceService,
  ) {}

  async onApplicationBootstrap() {
    await this.jobs.work(EventJobNames.archiveEnded, async () => ({ archived: await this.maintenance.archiveEndedEvents() }));
    await this.jobs.work(EventJobNames.sendReminders, async () => ({ reminders: await this.maintenance.sendDueReminders() }));
    await this.jobs.schedule(EventJobNames.archiveEnded, '17 * * * *');
    await this.jobs.schedule(EventJobNames.sendReminders, '*/5 * * * *');
  }
}

/** Imported by the WorkerModule only. */
@Module({ imports: [AuditModule], providers: [EventMaintenanceService, EventMaintenanceJobs] })
export class EventsWorkerModule {}
