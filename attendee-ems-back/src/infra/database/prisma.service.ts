import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { PrismaPg } from '@prisma/adapter-pg';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/app-config.js';
import { PrismaClient } from '../../generated/prisma/client.js';

/** The Prisma 7 client over node-postgres. Only repositories use it. */
@Injectable()
export class PrismaService extends PrismaClient implements OnModuleDestroy {
  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    if (!config.database.url) throw new Error('DATABASE_URL is not resolved: start the embedded database before the app module');
    super({ adapter: new PrismaPg({ connectionString: config.database.url, max: config.database.poolSize }) });
  }

  async onModuleDestroy() {
    await this.$disconnect();
  }
}
