import { Inject, Injectable, Module, type OnApplicationBootstrap } from '@nestjs/common';
import { JobsService } from '../../infra/jobs/jobs.service.js';
import { ContactsModule } from './contacts.module.js';
import { ContactsRepository } from './contacts.repository.js';

export const ContactJobNames = { duplicates: 'contacts.duplicates' } as const;

/** Batches per run, of this many contacts each (a 100,000-row import is 20 batches). */
const BATCH = 5_000;
const MAX_BATCHES = 100;

/**
 * Recomputes the duplicate suggestions of the contacts written since the last run (the contacts
 * triggers queue them), once a minute for the whole cluster. The duplicates page also drains its
 * organisation's queue before reading, so this only keeps the backlog of big imports short.
 */
@Injectable()
export class ContactDuplicatesJob implements OnApplicationBootstrap {
  constructor(
    @Inject(JobsService) private readonly jobs: JobsService,
    @Inject(ContactsRepository) private readonly contacts: ContactsRepository,
  ) {}

  async onApplicationBootstrap() {
    await this.jobs.work(ContactJobNames.duplicates, () => this.drain());
    await this.jobs.schedule(ContactJobNames.duplicates, '* * * * *');
  }

  async drain(): Promise<{ recomputed: number }> {
    let recomputed = 0;
    for (let batch = 0; batch < MAX_BATCHES; batch++) {
      const drained = await this.contacts.drainDuplicateQueue(null, BATCH);
      recomputed += drained;
      if (drained < BATCH) break;
    }
    return { recomputed };
  }
}

/** Imported by the WorkerModule only. */
@Module({ imports: [ContactsModule], providers: [ContactDuplicatesJob] })
export class ContactsWorkerModule {}
