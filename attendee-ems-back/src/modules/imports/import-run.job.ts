import { Inject, Injectable, Module, type OnApplicationBootstrap } from '@nestjs/common';
import { AppLogger } from '../../infra/logging/app-logger.js';
import { JobsService, type Job } from '../../infra/jobs/jobs.service.js';
import { RealtimePublisher } from '../../infra/realtime/realtime.publisher.js';
import { SeatsService } from '../events/seats.service.js';
import { publishEventHeadlineCounts } from '../registrations/registration-counts.js';
import { ImportProcessor } from './import-processor.js';
import { ImportsRepository } from './imports.repository.js';
import { IMPORT_RUN_QUEUE, type ImportJobData } from './imports.service.js';

/**
 * Runs imports in the worker. A run killed mid-way (worker gone) is retried by pg-boss once the
 * job expires and resumes after the import's cursor; a run that fails is marked failed with the
 * row it stopped at, and POST /imports/:id/run resumes it.
 */
@Injectable()
export class ImportRunJob implements OnApplicationBootstrap {
  constructor(
    @Inject(JobsService) private readonly jobs: JobsService,
    @Inject(ImportsRepository) private readonly repository: ImportsRepository,
    @Inject(ImportProcessor) private readonly processor: ImportProcessor,
    @Inject(RealtimePublisher) private readonly realtime: RealtimePublisher,
    @Inject(AppLogger) private readonly logger: AppLogger,
  ) {}

  async onApplicationBootstrap() {
    await this.jobs.work<ImportJobData>(IMPORT_RUN_QUEUE, (job) => this.run(job));
  }

  async run(job: Pick<Job<ImportJobData>, 'id' | 'data'>) {
    const record = await this.repository.findById(job.data.importId);
    if (!record || record.status !== 'running') return { skipped: true };
    const publish = (done: number, total: number, state: 'active' | 'completed' | 'failed', message?: string) => {
      const payload = { jobId: record.id, queue: IMPORT_RUN_QUEUE, kind: 'import', state, current: done, done, total, ...(message ? { message } : {}), at: new Date().toISOString() };
      this.realtime.publishToOrg(record.orgId, 'job.progress', payload);
      if (record.eventId) {
        this.realtime.publishToEvent(record.eventId, 'job.progress', payload);
        // The event's live numbers move with the import, chunk by chunk.
        publishEventHeadlineCounts(this.repository.prisma, this.realtime, record.eventId).catch((error: unknown) =>
          this.logger.warn('Live stats not sent during the import', { err: error, importId: record.id }),
        );
      }
    };
    try {
      await this.processor.run(record, async (done, total, created) => {
        // One message per committed chunk, not one per person: a 100,000-row import would otherwise
        // push 100,000 messages to every open dashboard. Clients refetch what the batch changes.
        if (record.eventId && created.length) {
          this.realtime.publishToEvent(record.eventId, 'registrations.created', {
            eventId: record.eventId,
            registrations: created.map((registration) => ({ registrationId: registration.id, status: registration.status })),
            source: 'import',
            at: new Date().toISOString(),
          });
        }
        publish(done, total, 'active');
      });
      await this.repository.markDone(record.id);
      const finished = (await this.repository.findById(record.id))!;
      publish(finished.progress, finished.rowCount, 'completed');
      return { done: finished.progress };
    } catch (error) {
      const stoppedAt = (await this.repository.findById(record.id))?.cursorRow ?? record.cursorRow;
      const message = `Stopped after row ${stoppedAt} (the next chunk was rolled back): ${error instanceof Error ? error.message : String(error)}`;
      this.logger.error('Import failed', { err: error, importId: record.id, stoppedAt });
      await this.repository.markFailed(record.id, message);
      publish(stoppedAt, record.rowCount, 'failed', message.slice(0, 300));
      return { failed: true };
    }
  }
}

/** Imported by the WorkerModule only. */
@Module({ providers: [ImportsRepository, SeatsService, ImportProcessor, ImportRunJob] })
export class ImportsWorkerModule {}
