import { Inject, Injectable, Module, type OnApplicationBootstrap } from '@nestjs/common';
import { DomainEventsModule } from '../../common/events/domain-events.js';
import { JobsService, type Job } from '../../infra/jobs/jobs.service.js';
import { AppLogger } from '../../infra/logging/app-logger.js';
import { RealtimePublisher } from '../../infra/realtime/realtime.publisher.js';
import { AuditModule } from '../audit/audit.module.js';
import { EventsModule } from '../events/events.module.js';
import { BulkOperationsRepository } from './bulk-operations.repository.js';
import { BULK_STATUS_QUEUE, type BulkStatusJobData } from './bulk-operations.service.js';
import { publishEventHeadlineCounts } from './registration-counts.js';
import { RegistrationsRepository } from './registrations.repository.js';
import { RegistrationsService } from './registrations.service.js';

/** Progress leaves (row is always current; socket `job.progress`) at most this often. */
const PROGRESS_EVERY_MS = 500;

/**
 * Runs a bulk status change in the worker. Resumable: each registration's change and the row's
 * `done` counter move in one transaction, so after a crash pg-boss retries the job and it carries on
 * from `done` — nothing is applied or counted twice.
 */
@Injectable()
export class BulkOperationsJob implements OnApplicationBootstrap {
  constructor(
    @Inject(JobsService) private readonly jobs: JobsService,
    @Inject(BulkOperationsRepository) private readonly repository: BulkOperationsRepository,
    @Inject(RegistrationsService) private readonly registrations: RegistrationsService,
    @Inject(RegistrationsRepository) private readonly registrationsRepository: RegistrationsRepository,
    @Inject(RealtimePublisher) private readonly realtime: RealtimePublisher,
    @Inject(AppLogger) private readonly logger: AppLogger,
  ) {}

  /** The event's live numbers follow the operation (the API's domain events do not see worker writes). */
  private publishCounts(eventId: string) {
    publishEventHeadlineCounts(this.registrationsRepository.prisma, this.realtime, eventId).catch((error: unknown) =>
      this.logger.warn('Live stats not sent during the bulk operation', { err: error, eventId }),
    );
  }

  async onApplicationBootstrap() {
    await this.jobs.work<BulkStatusJobData>(BULK_STATUS_QUEUE, (job) => this.run(job));
  }

  async run(job: Pick<Job<BulkStatusJobData>, 'id' | 'name' | 'data'>) {
    const operation = await this.repository.findById(job.data.operationId);
    if (!operation || operation.status === 'done' || operation.status === 'failed') return { skipped: true };
    await this.repository.markRunning(operation.id);
    const actor = { userId: operation.createdById ?? '', orgId: operation.orgId };
    const action = operation.action as 'approved' | 'refused' | 'cancelled';
    const audience = { orgId: operation.orgId, eventId: operation.eventId };
    let freed = false;
    let lastReport = 0;
    try {
      for (let index = operation.done; index < operation.targetIds.length; index += 1) {
        const outcome = await this.registrations.changeStatusInBulk(actor, operation.eventId, operation.targetIds[index]!, action, (tx, counted) =>
          this.repository.countProgress(tx, operation.id, counted),
        );
        if (outcome.changed) freed ||= outcome.freesSeat;
        if (Date.now() - lastReport >= PROGRESS_EVERY_MS) {
          lastReport = Date.now();
          await this.jobs.reportProgress(job, { current: index + 1, total: operation.total, message: `bulk ${operation.id}` }, audience);
          this.publishCounts(operation.eventId);
        }
      }
      if (freed) await this.registrations.announceFreedSeats(operation.orgId, operation.eventId);
      await this.repository.finish(operation.id, null);
      await this.jobs.reportProgress(job, { current: operation.total, total: operation.total, message: `bulk ${operation.id} done` }, audience);
      this.publishCounts(operation.eventId);
      return { operationId: operation.id };
    } catch (error) {
      // A database outage or a bug: let pg-boss retry (it resumes from `done`); give up on the last try.
      this.logger.error('Bulk operation interrupted', { err: error, operationId: operation.id });
      throw error;
    }
  }
}

/** Imported by the WorkerModule only. */
@Module({
  imports: [EventsModule, DomainEventsModule, AuditModule],
  providers: [RegistrationsRepository, RegistrationsService, BulkOperationsRepository, BulkOperationsJob],
})
export class RegistrationsWorkerModule {}
