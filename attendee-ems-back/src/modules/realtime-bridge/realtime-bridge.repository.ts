import { Inject, Injectable } from '@nestjs/common';
import { PrismaService } from '../../infra/database/prisma.service.js';
import { AppLogger } from '../../infra/logging/app-logger.js';
import { compactRegistrationCounts, COUNTER_ROWS_BEFORE_COMPACTION, readEventHeadlineCounts } from '../registrations/registration-counts.js';

@Injectable()
export class RealtimeBridgeRepository {
  constructor(
    @Inject(PrismaService) private readonly prisma: PrismaService,
    @Inject(AppLogger) private readonly logger: AppLogger,
  ) {}

  /** The headline numbers a live dashboard shows, from the registration counters (a few rows, even at 100,000 people). */
  async eventCounts(eventId: string): Promise<Record<string, number>> {
    const { rows, ...counts } = await readEventHeadlineCounts(this.prisma, eventId);
    if (rows > COUNTER_ROWS_BEFORE_COMPACTION) {
      compactRegistrationCounts(this.prisma, eventId).catch((error: unknown) => this.logger.warn('Registration counters not compacted (the next read retries)', { eventId, err: error }));
    }
    return counts;
  }
}
