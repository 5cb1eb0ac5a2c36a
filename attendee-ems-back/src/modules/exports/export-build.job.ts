import { PassThrough } from 'node:stream';
import { Inject, Injectable, Module, type OnApplicationBootstrap } from '@nestjs/common';
import { AppLogger } from '../../infra/logging/app-logger.js';
import { JobsService, type Job } from '../../infra/jobs/jobs.service.js';
import { RealtimePublisher } from '../../infra/realtime/realtime.publisher.js';
import { StorageService } from '../../infra/storage/storage.service.js';
import { ContactsRepository } from '../contacts/contacts.repository.js';
import { ExportSources } from './export-sources.js';
import { ExportsRepository } from './exports.repository.js';
import { EXPORT_BUILD_QUEUE, writeSource, type ExportJobData } from './exports.service.js';
import { CONTENT_TYPES } from './spreadsheet-writer.js';

const PROGRESS_EVERY_MS = 500;

/** Builds large exports in the worker: rows stream from the database through the writer into private storage. */
@Injectable()
export class ExportBuildJob implements OnApplicationBootstrap {
  constructor(
    @Inject(JobsService) private readonly jobs: JobsService,
    @Inject(ExportsRepository) private readonly repository: ExportsRepository,
    @Inject(ExportSources) private readonly sources: ExportSources,
    @Inject(StorageService) private readonly storage: StorageService,
    @Inject(RealtimePublisher) private readonly realtime: RealtimePublisher,
    @Inject(AppLogger) private readonly logger: AppLogger,
  ) {}

  async onApplicationBootstrap() {
    await this.jobs.work<ExportJobData>(EXPORT_BUILD_QUEUE, (job) => this.run(job));
  }

  async run(job: Pick<Job<ExportJobData>, 'id' | 'data'>) {
    const data = job.data;
    const file = await this.repository.findFileById(data.fileId);
    if (!file || file.status === 'done' || file.status === 'failed') return { skipped: true };
    const key = `orgs/${data.orgId}/exports/${data.fileId}.${data.format}`;
    await this.repository.updateFile(data.fileId, { status: 'running', progress: 0 });
    const publish = (done: number, state: 'active' | 'completed' | 'failed') => {
      const payload = { jobId: data.fileId, queue: EXPORT_BUILD_QUEUE, kind: 'export', state, current: done, done, total: Math.max(file.total, done), at: new Date().toISOString() };
      this.realtime.publishToOrg(data.orgId, 'job.progress', payload);
    };
    try {
      const source =
        data.kind === 'contacts'
          ? await this.sources.contactsOf(data.viewer, { orgId: data.orgId, ...(data.assignedUserId ? { assignedUserId: data.assignedUserId } : {}) }, data.filters, data.columns)
          : data.kind === 'registrations'
            ? await this.sources.registrations(data.viewer, data.eventId!, data.columns, data.filters.registrationStatus)
            : await this.sources.checkIns(data.viewer, data.eventId!, data.columns);
      const body = new PassThrough();
      const stored = this.storage.put(key, body, CONTENT_TYPES[data.format]);
      let lastReport = 0;
      const written = writeSource(source, data.format, body, async (rows) => {
        if (Date.now() - lastReport < PROGRESS_EVERY_MS) return;
        lastReport = Date.now();
        await this.repository.updateFile(data.fileId, { progress: rows });
        publish(rows, 'active');
      }).catch((error) => {
        body.destroy(error as Error);
        throw error;
      });
      const [rows] = await Promise.all([written, stored]);
      const size = (await this.storage.get(key).then((object) => {
        object.body.destroy();
        return object.contentLength;
      })) ?? 0;
      const finished = await this.repository.finishFile(data.fileId, { status: 'done', progress: rows, total: rows, storageKey: key, contentType: CONTENT_TYPES[data.format], sizeBytes: BigInt(size), finishedAt: new Date() });
      if (!finished) {
        // Failed meanwhile (a person it may hold was erased): the file must not outlive that.
        await this.storage.delete(key);
        publish(0, 'failed');
        return { discarded: true };
      }
      publish(rows, 'completed');
      return { rows };
    } catch (error) {
      this.logger.error('Export failed', { err: error, fileId: data.fileId });
      await this.repository.updateFile(data.fileId, { status: 'failed', error: (error instanceof Error ? error.message : String(error)).slice(0, 500), finishedAt: new Date() });
      await this.storage.delete(key).catch(() => undefined);
      publish(0, 'failed');
      return { failed: true };
    }
  }
}

/** Imported by the WorkerModule only. */
@Module({ providers: [ExportsRepository, ContactsRepository, ExportSources, ExportBuildJob] })
export class ExportsWorkerModule {}
