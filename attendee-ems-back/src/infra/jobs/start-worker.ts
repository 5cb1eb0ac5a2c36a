import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import type { AppConfig } from '../../config/app-config.js';
import { AppLogger } from '../logging/app-logger.js';
import type { JobsOptions } from './jobs.service.js';
import { WorkerModule } from './worker.module.js';
import { WorkerRunner } from './worker-runner.js';

export interface RunningWorker {
  context: INestApplicationContext;
  /** Graceful: stops taking work, lets the current job and outbox batch finish, then closes. */
  close(): Promise<void>;
}

export async function startWorker(config: AppConfig, options: { jobs?: Partial<JobsOptions>; outboxPollIntervalMs?: number } = {}): Promise<RunningWorker> {
  const context = await NestFactory.createApplicationContext(WorkerModule.forRoot(config, options.jobs), { bufferLogs: true });
  context.useLogger(context.get(AppLogger));
  const runner = context.get(WorkerRunner);
  await runner.start({ outboxPollIntervalMs: options.outboxPollIntervalMs });
  let closing: Promise<void> | undefined;
  return {
    context,
    close: () =>
      (closing ??= (async () => {
        await runner.stop();
        await context.close();
      })()),
  };
}
