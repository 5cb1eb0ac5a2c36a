import { Inject, Injectable, Module, type OnApplicationBootstrap } from '@nestjs/common';
import { AppLogger } from '../../infra/logging/app-logger.js';
import { JobsService, type Job } from '../../infra/jobs/jobs.service.js';
import { StorageService } from '../../infra/storage/storage.service.js';
import { BadgeAssets } from './badge-assets.js';
import { renderBadgeBatch } from './badge-batch.js';
import { BadgesRepository } from './badges.repository.js';
import { BADGE_RENDER_QUEUE, type BadgeJobData } from './badges.service.js';

/** Progress is written (row + socket) at most this often. */
const PROGRESS_EVERY_MS = 500;

/** Builds bulk badge PDFs in the worker: streamed to storage, progress on the socket (`job.progress`). */
@Injectable()
export class BadgeRenderJob implements OnApplicationBootstrap {
  constructor(
    @Inject(JobsService) private readonly jobs: JobsService,
    @Inject(BadgesRepository) private readonly repository: BadgesRepository,
    @Inject(BadgeAssets) private readonly assets: BadgeAssets,
    @Inject(StorageService) private readonly storage: StorageService,
    @Inject(AppLogger) private readonly logger: AppLogger,
  ) {}

  async onApplicationBootstrap() {
    // Polled every 0.5 s (pg-boss default here: 2 s): someone is waiting for this PDF.
    await this.jobs.work<BadgeJobData>(BADGE_RENDER_QUEUE, (job) => this.run(job), { pollingIntervalSeconds: 0.5 });
  }

  async run(job: Pick<Job<BadgeJobData>, 'id' | 'name' | 'data'>) {
    const { fileId, orgId, eventId } = job.data;
    const file = await this.repository.findFile(fileId);
    if (!file || file.status === 'done' || file.status === 'failed') return { skipped: true };
    const key = `orgs/${orgId}/events/${eventId}/badges/${fileId}.pdf`;
    // 'running' too: a job retried after its worker died starts the file again.
    if (!(await this.repository.moveFile(fileId, ['pending', 'running'], { status: 'running', progress: 0 }))) return { skipped: true };
    let lastReport = 0;
    try {
      const result = await renderBadgeBatch(
        this.repository,
        this.assets,
        job.data,
        (stream) => this.storage.put(key, stream, 'application/pdf'),
        async (done, total) => {
          if (Date.now() - lastReport < PROGRESS_EVERY_MS && done < total) return;
          lastReport = Date.now();
          await this.repository.updateFile(fileId, { progress: done, total: Math.max(total, done) });
          await this.jobs.reportProgress(job, { current: done, total: Math.max(total, done), message: `badges ${fileId}` }, { orgId, eventId });
        },
        file.total,
      );
      const finished = await this.repository.moveFile(fileId, ['running'], {
        status: 'done',
        progress: result.badges + result.skipped,
        total: result.badges + result.skipped,
        storageKey: key,
        contentType: 'application/pdf',
        sizeBytes: BigInt(result.bytes),
        finishedAt: new Date(),
        error: result.skipped ? `${result.skipped} registration(s) without a badge template were left out` : null,
      });
      if (!finished) {
        // Failed meanwhile (a person it may hold was erased): the PDF must not outlive that.
        await this.storage.delete(key);
        return { discarded: true };
      }
      await this.jobs.reportProgress(job, { current: result.badges + result.skipped, total: result.badges + result.skipped, message: `badges ${fileId} done` }, { orgId, eventId });
      return result;
    } catch (error) {
      // The file is marked failed (the next request starts afresh); the job itself completes.
      this.logger.error('Badge PDF failed', { err: error, fileId });
      await this.repository.markFileFailed(fileId, error instanceof Error ? error.message : String(error));
      await this.storage.delete(key).catch(() => undefined);
      return { failed: true };
    }
  }
}

/** Imported by the WorkerModule only. */
@Module({ providers: [BadgesRepository, BadgeAssets, BadgeRenderJob] })
export class BadgesWorkerModule {}
